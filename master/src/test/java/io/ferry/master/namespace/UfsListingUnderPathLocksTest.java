package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.LocalJournal;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.ufs.ForwardingUnderFileSystem;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a directory's listing from the UFS changes paths the listing only
 * read-locks, so it is applied with the namespace to itself; the UFS is
 * listed before that, under path locks, once: a slow listing holds up no
 * operation on other paths. Nor does a slow delete in the UFS of a
 * directory whose listing its delete applied. A listing streams the UFS's
 * pages: each is answered once applied and durable, before the next is listed whole.
 */
class UfsListingUnderPathLocksTest {
  @TempDir Path tmp;
  private MetaStore store;
  private MountTable mounts;
  private FileSystemMaster fs;
  private DurableIdsJournal journal;
  private final CountDownLatch listingStarted = new CountDownLatch(1);
  private final CountDownLatch listingMayEnd = new CountDownLatch(1);
  private final AtomicInteger listings = new AtomicInteger();
  private final CountDownLatch deleteStarted = new CountDownLatch(1);
  private final CountDownLatch deleteMayEnd = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private volatile boolean holdAfterListing;
  private final CountDownLatch heldListingTaken = new CountDownLatch(1);
  private final CountDownLatch heldListingMayEnd = new CountDownLatch(1);
  private volatile boolean holdLaterPages;
  private final CountDownLatch laterPagesMayBeListed = new CountDownLatch(1);
  private final AtomicBoolean laterPageWaitedInVain = new AtomicBoolean();

  @BeforeEach
  void start() throws Exception {
    Path ufs = Files.createDirectories(tmp.resolve("ufs"));
    Files.createDirectories(ufs.resolve("data"));
    Files.writeString(ufs.resolve("data/a.txt"), "a");
    Mount.UfsOpener opener = (uri, options) -> new HeldBack(UnderFileSystems.create(uri, options));
    store = MetaStore.open(tmp.resolve("metastore"), 1000);
    mounts = new MountTable(opener, MountCredentials.NONE);
    BlockLocations locations = new BlockLocations();
    journal = new DurableIdsJournal(new LocalJournal(new MetaStateMachine(store, mounts), store));
    fs = new FileSystemMaster(store, journal, mounts, opener,
        locations, new WorkerRegistry(locations, System::currentTimeMillis, Duration.ofMinutes(1), id -> false),
        new NamespaceConfig(1 << 20, Duration.ofHours(1), 100, Duration.ofSeconds(20), Duration.ZERO), System::currentTimeMillis);
    fs.initRoot(ufs.toString());
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/other").build());
    listings.set(0);
  }

  @AfterEach
  void stop() throws Exception {
    listingMayEnd.countDown();
    heldListingMayEnd.countDown();
    deleteMayEnd.countDown();
    laterPagesMayBeListed.countDown();
    callers.shutdown();
    callers.awaitTermination(30, TimeUnit.SECONDS);
    mounts.close();
    store.close();
  }

  @Test
  void anOperationOnAnotherPathCompletesWhileADirectoryIsListedFromTheUfs() throws Exception {
    Future<List<FileInfo>> listing = callers.submit(() -> {
      List<FileInfo> out = new ArrayList<>();
      fs.listStatus(ListStatusRequest.newBuilder().setPath("/data").build(), out::addAll);
      return out;
    });
    assertThat(listingStarted.await(30, TimeUnit.SECONDS)).isTrue();

    Future<FileInfo> other = callers.submit(() -> fs.getStatus(GetStatusRequest.newBuilder().setPath("/other").build()));

    assertThat(other.get(10, TimeUnit.SECONDS).getPath()).isEqualTo("/other");
    listingMayEnd.countDown();
    assertThat(listing.get(30, TimeUnit.SECONDS)).extracting(FileInfo::getName).containsExactly("a.txt");
    assertThat(listings).hasValue(1);
  }

  @Test
  void aRecursiveDeleteOfAStaleDirectoryDeletesInTheUfsUnderPathLocksOnly() throws Exception {
    listingMayEnd.countDown(); // here the UFS delete is held back, not the listing
    Future<?> delete = callers.submit(() -> {
      fs.delete(DeleteRequest.newBuilder().setPath("/data").setRecursive(true).build());
      return null;
    });
    assertThat(deleteStarted.await(30, TimeUnit.SECONDS)).isTrue();

    Future<FileInfo> other = callers.submit(() -> fs.getStatus(GetStatusRequest.newBuilder().setPath("/other").build()));

    assertThat(other.get(10, TimeUnit.SECONDS).getPath()).isEqualTo("/other");
    deleteMayEnd.countDown();
    delete.get(30, TimeUnit.SECONDS);
    assertThat(tmp.resolve("ufs/data")).doesNotExist();
    assertThat(listings).hasValue(1);
  }

  @Test
  void aFileCompletedAfterTheListingWasTakenKeepsItsPlace() throws Exception {
    listingMayEnd.countDown(); // /data's listing is applied at once: this load of it is not the one under test
    fs.getStatus(GetStatusRequest.newBuilder().setPath("/data").build());
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath("/data/new.txt").build());
    Future<List<String>> listing = heldListing();

    Files.writeString(tmp.resolve("ufs/data/new.txt"), "new");
    fs.completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath("/data/new.txt")
        .setLength(3).setFingerprint("written-by-ferry").build());
    heldListingMayEnd.countDown();

    assertThat(listing.get(30, TimeUnit.SECONDS)).containsExactly("a.txt", "new.txt");
  }

  @Test
  void theFirstPageIsAnsweredBeforeTheUfsListsTheNextOne() throws Exception {
    listingMayEnd.countDown();
    writeFiles(250); // pages of 100
    holdLaterPages = true;

    List<String> listed = listData(page -> laterPagesMayBeListed.countDown());

    assertThat(laterPageWaitedInVain).isFalse();
    assertThat(listed).hasSize(251).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void noEntryOfAColdListingIsAnsweredBeforeItsInodeIsDurable() throws Exception {
    listingMayEnd.countDown();
    writeFiles(450); // pages of 100: their syncs run while the next page is applied
    List<Long> answeredNotDurable = new ArrayList<>();

    List<String> listed = listData(page -> page.stream().map(FileInfo::getId)
        .filter(id -> !journal.isDurable(id)).forEach(answeredNotDurable::add));

    assertThat(listed).hasSize(451);
    assertThat(answeredNotDurable).isEmpty();
  }

  @Test
  void aFileCreatedInAPageNotYetListedIsListedOnce() throws Exception {
    listingMayEnd.countDown();
    writeFiles(250);
    holdLaterPages = true;

    List<String> listed = listData(page -> {
      if (laterPagesMayBeListed.getCount() > 0) {
        fs.createFile(CreateFileRequest.newBuilder().setPath("/data/f-200-new").build());
        laterPagesMayBeListed.countDown();
      }
    });

    assertThat(listed).hasSize(252).doesNotHaveDuplicates().contains("f-200-new");
  }

  private void writeFiles(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Files.writeString(tmp.resolve(String.format("ufs/data/f-%03d", i)), "f");
    }
  }

  /** The names of a listing of /data; {@code onPage} sees each page as it is answered. */
  private List<String> listData(PageAction onPage) throws Exception {
    return callers.submit(() -> {
      List<String> names = new ArrayList<>();
      fs.listStatus(ListStatusRequest.newBuilder().setPath("/data").build(), page -> {
        page.forEach(entry -> names.add(entry.getName()));
        try {
          onPage.seen(page);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      return names;
    }).get(60, TimeUnit.SECONDS);
  }

  @FunctionalInterface
  private interface PageAction {
    void seen(List<FileInfo> page) throws Exception;
  }

  /** A forced listing of /data whose UFS listing is taken at once, then held until heldListingMayEnd. */
  private Future<List<String>> heldListing() throws InterruptedException {
    holdAfterListing = true;
    Future<List<String>> listing = callers.submit(() -> {
      List<FileInfo> out = new ArrayList<>();
      fs.listStatus(ListStatusRequest.newBuilder().setPath("/data").setSync(true).build(), out::addAll);
      return out.stream().map(FileInfo::getName).toList();
    });
    assertThat(heldListingTaken.await(30, TimeUnit.SECONDS)).isTrue();
    return listing;
  }

  /** A UFS whose listings of /data, counted, and deletes of directories wait for the test. */
  private final class HeldBack extends ForwardingUnderFileSystem {
    HeldBack(UnderFileSystem ufs) {
      super(ufs);
    }

    @Override
    public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
      deleteStarted.countDown();
      await(deleteMayEnd);
      return super.deleteDirectory(uri, recursive);
    }

    @Override
    public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
      if (holdLaterPages && pageToken != null) { // waits for the first page's answer, for 10 s at most
        laterPageWaitedInVain.compareAndSet(false, !awaitUpTo10s(laterPagesMayBeListed));
      }
      if (dirUri.endsWith("data") || dirUri.endsWith("data/")) {
        listings.incrementAndGet();
        listingStarted.countDown();
        await(listingMayEnd);
        if (holdAfterListing) {
          UfsListing taken = super.list(dirUri, pageToken, pageSize);
          heldListingTaken.countDown();
          await(heldListingMayEnd);
          return taken;
        }
      }
      return super.list(dirUri, pageToken, pageSize);
    }

    private static boolean awaitUpTo10s(CountDownLatch latch) throws IOException {
      try {
        return latch.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    private static void await(CountDownLatch latch) throws IOException {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}
