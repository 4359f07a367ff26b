package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.ListingIterator;
import io.ferry.client.PathStatus;
import io.ferry.common.conf.PropertyKey;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.ListStatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold listing of a big directory streams the under storage's pages as the master applies them
 * (issue 14): whatever Ferry creates in the directory meanwhile, the listing returns each entry
 * once, and the directory is whole once it is synced; and the master lists no faster than its
 * client reads (gRPC flow control).
 */
class StreamedListingIT {
  private static final int UFS_FILES = 12_000;
  @TempDir static Path dir;
  private static FerryCluster cluster;
  private final ExecutorService creators = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.MASTER_LISTING_PAGE_SIZE, 500) // 24 pages of the under storage
        .start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aColdListingReturnsEveryEntryOnceWhileFilesAreCreatedInTheDirectory() throws Exception {
    Path big = Files.createDirectories(cluster.rootUfs().resolve("big"));
    for (int i = 0; i < UFS_FILES; i++) {
      Files.createFile(big.resolve(String.format("file-%06d", i)));
    }
    try (FerryClient client = cluster.newClient()) {
      client.createEmptyFiles("/big", List.of("made-by-ferry-before"));
      AtomicBoolean listing = new AtomicBoolean(true);
      // names spread over the whole range of the listing: some land in pages already answered, some ahead
      Future<List<String>> created = creators.submit(() -> {
        List<String> names = new ArrayList<>();
        for (int i = 0; listing.get() || i < 10; i++) {
          String name = String.format("file-%06d-new", (i * 997) % UFS_FILES);
          if (!names.contains(name)) {
            client.createEmptyFiles("/big", List.of(name));
            names.add(name);
          }
        }
        return names;
      });

      List<String> listed = new ArrayList<>();
      try (ListingIterator it = client.listStatusIterator("/big", false)) {
        while (it.hasNext()) {
          listed.add(it.next().name());
        }
      }
      listing.set(false);
      List<String> madeDuring = created.get(60, TimeUnit.SECONDS);

      assertThat(listed).doesNotHaveDuplicates();
      assertThat(listed).contains("made-by-ferry-before");
      assertThat(listed).containsAll(ufsNames());
      assertThat(listed).allMatch(name -> name.startsWith("file-") || name.startsWith("made-by-ferry"));
      List<String> whole = client.listStatus("/big").stream().map(PathStatus::name).toList();
      assertThat(whole).doesNotHaveDuplicates().containsAll(ufsNames()).containsAll(madeDuring)
          .contains("made-by-ferry-before").hasSize(UFS_FILES + madeDuring.size() + 1);
    } finally {
      creators.shutdownNow();
    }
  }

  @Test
  void aColdListingGoesNoFurtherAheadOfItsClientThanItsFlowControlWindow() throws Exception {
    int files = 20_000;
    int removedWhileWaiting = 10_000;
    Path slow = Files.createDirectories(cluster.rootUfs().resolve("slow"));
    for (int i = 0; i < files; i++) {
      Files.createFile(slow.resolve(String.format("file-%06d", i)));
    }
    // a client whose stream takes at most 64 KiB unread: under 2 pages of 500 entries
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", cluster.masterPort()).usePlaintext()
        .flowControlWindow(64 << 10).build();
    List<String> listed = new ArrayList<>();
    try {
      Iterator<ListStatusResponse> pages = FileSystemMasterServiceGrpc.newBlockingStub(channel)
          .listStatus(ListStatusRequest.newBuilder().setPath("/slow").build());
      pages.next().getEntriesList().forEach(entry -> listed.add(entry.getName()));
      Thread.sleep(5_000); // the client stops reading: a master without back-pressure lists on meanwhile
      for (int i = files - removedWhileWaiting; i < files; i++) {
        Files.delete(slow.resolve(String.format("file-%06d", i)));
      }
      pages.forEachRemaining(page -> page.getEntriesList().forEach(entry -> listed.add(entry.getName())));
    } finally {
      channel.shutdownNow();
    }

    // the master had not read the under storage's last pages yet: their files, removed since, are not listed
    assertThat(listed).hasSize(files - removedWhileWaiting).doesNotHaveDuplicates()
        .last().isEqualTo(String.format("file-%06d", files - removedWhileWaiting - 1));
  }

  private static List<String> ufsNames() {
    List<String> names = new ArrayList<>(UFS_FILES);
    for (int i = 0; i < UFS_FILES; i++) {
      names.add(String.format("file-%06d", i));
    }
    return names;
  }
}
