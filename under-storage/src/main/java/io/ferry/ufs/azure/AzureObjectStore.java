package io.ferry.ufs.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.object.MultipartUpload;
import io.ferry.ufs.object.ObjectEntry;
import io.ferry.ufs.object.ObjectInfo;
import io.ferry.ufs.object.ObjectPage;
import io.ferry.ufs.object.ObjectStore;
import io.ferry.ufs.object.ObjectUris;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One Azure Blob container, through azure-storage-blob. Files are block blobs. */
final class AzureObjectStore implements ObjectStore {
  private static final Duration COPY_POLL = Duration.ofMillis(100);

  private final BlobContainerClient container;
  private final ObjectUris uris;
  private final AzureErrors errors;

  AzureObjectStore(BlobContainerClient container, ObjectUris uris, AzureErrors errors) {
    this.container = container;
    this.uris = uris;
    this.errors = errors;
  }

  @Override
  public void checkBucket() throws IOException {
    boolean exists;
    try {
      exists = container.exists();
    } catch (RuntimeException e) {
      throw errors.translate(e, uris.uri(""));
    }
    if (!exists) {
      throw errors.noSuchContainer(uris.uri(""), null);
    }
  }

  @Override
  public Optional<ObjectInfo> head(String key) throws IOException {
    try {
      BlobProperties p = container.getBlobClient(key).getProperties();
      return Optional.of(new ObjectInfo(key, p.getBlobSize(), p.getLastModified().toInstant().toEpochMilli(),
          p.getETag()));
    } catch (RuntimeException e) {
      if (AzureErrors.isNotFound(e)) {
        return Optional.empty(); // a HEAD has no body to tell a missing container; checkBucket does
      }
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public ObjectPage list(String prefix, boolean delimited, String token, int max) throws IOException {
    ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : prefix)
        .setMaxResultsPerPage(max);
    try {
      Iterator<PagedResponse<BlobItem>> pages = (delimited
          ? container.listBlobsByHierarchy("/", options, null)
          : container.listBlobs(options, null)).iterableByPage(token, max).iterator();
      if (!pages.hasNext()) {
        return new ObjectPage(List.of(), null);
      }
      PagedResponse<BlobItem> page = pages.next();
      List<ObjectEntry> entries = new ArrayList<>(page.getValue().size());
      for (BlobItem item : page.getValue()) {
        if (Boolean.TRUE.equals(item.isPrefix())) {
          entries.add(new ObjectEntry(item.getName(), null));
        } else {
          var p = item.getProperties();
          entries.add(new ObjectEntry(item.getName(), new ObjectInfo(item.getName(), p.getContentLength(),
              p.getLastModified().toInstant().toEpochMilli(), p.getETag())));
        }
      }
      // Azure interleaves blobs and prefixes in key order; Azurite sends them apart.
      entries.sort(Comparator.comparing(ObjectEntry::key));
      return new ObjectPage(entries, page.getContinuationToken());
    } catch (RuntimeException e) {
      throw errors.translate(e, uris.uri(prefix));
    }
  }

  @Override
  public Optional<UfsInputStream> get(String key, long offset, long length) throws IOException {
    Optional<ObjectInfo> info = head(key);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    long available = info.get().length() - offset;
    long count = length < 0 ? available : Math.min(length, available);
    if (count <= 0) {
      return Optional.of(UfsInputStream.of(InputStream.nullInputStream(), info.get().etag()));
    }
    try {
      // Reads in chunks, each pinned to the ETag seen above, so a concurrent overwrite fails the read.
      return Optional.of(UfsInputStream.of(container.getBlobClient(key).openInputStream(new BlobRange(offset, count),
          new com.azure.storage.blob.models.BlobRequestConditions().setIfMatch(info.get().etag())),
          info.get().etag()));
    } catch (RuntimeException e) {
      if (AzureErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public void put(String key, byte[] data, int length) throws IOException {
    try {
      blockBlob(key).upload(new ByteArrayInputStream(data, 0, length), length, true);
    } catch (RuntimeException e) {
      throw errors.translate(e, uris.uri(key));
    }
  }

  @Override
  public MultipartUpload startMultipart(String key) {
    return new BlockListUpload(key);
  }

  @Override
  public void copy(String srcKey, String dstKey) throws IOException {
    try {
      BlobClient src = container.getBlobClient(srcKey);
      SyncPoller<?, ?> copy = container.getBlobClient(dstKey).beginCopy(src.getBlobUrl(), COPY_POLL);
      copy.waitForCompletion();
    } catch (RuntimeException e) {
      throw errors.translate(e, uris.uri(srcKey) + " -> " + uris.uri(dstKey));
    }
  }

  @Override
  public void delete(List<String> keys) throws IOException {
    for (String key : keys) {
      try {
        container.getBlobClient(key).deleteIfExists();
      } catch (RuntimeException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }
  }

  @Override
  public void close() {
    // The client holds no resources of its own beyond the shared HTTP client.
  }

  private BlockBlobClient blockBlob(String key) {
    return container.getBlobClient(key).getBlockBlobClient();
  }

  /**
   * Stages blocks and commits the list on complete. Abort commits nothing:
   * Azure drops uncommitted blocks itself (after a week).
   */
  private final class BlockListUpload implements MultipartUpload {
    private final String key;
    private final String uploadId = UUID.randomUUID().toString();
    private final List<String> blockIds = new ArrayList<>();

    BlockListUpload(String key) {
      this.key = key;
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) throws IOException {
      // Block ids of one blob must all have the same length.
      String id = Base64.getEncoder().encodeToString(
          String.format("%s-%06d", uploadId, number).getBytes(StandardCharsets.US_ASCII));
      try {
        blockBlob(key).stageBlock(id, new ByteArrayInputStream(data, 0, length), length);
        blockIds.add(id);
      } catch (RuntimeException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }

    @Override
    public void complete() throws IOException {
      try {
        blockBlob(key).commitBlockList(blockIds, true);
      } catch (RuntimeException e) {
        throw errors.translate(e, uris.uri(key));
      }
    }

    @Override
    public void abort() {
      blockIds.clear();
    }
  }
}
