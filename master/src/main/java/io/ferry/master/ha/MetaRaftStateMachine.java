package io.ferry.master.ha;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.JournalBatch;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's view of the master's state machine: each committed log entry is a
 * {@link JournalBatch} applied by the same {@link MetaStateMachine} as with
 * one master. RocksDB records the last applied index, so entries replayed
 * after a restart are skipped. A snapshot is a RocksDB checkpoint in the
 * Raft state machine directory ({@code snapshot.<term>_<index>/}); Ratis
 * sends its files to a master too far behind, which then restores its
 * metastore from them instead of replaying the whole log.
 */
final class MetaRaftStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MetaRaftStateMachine.class);
  private static final Pattern SNAPSHOT_DIR = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  /** What this master does when it gains or loses the lead. */
  interface Leadership {
    void leaderReady();

    void leaderChanged(Optional<String> leaderPeerId);
  }

  private final MetaStore store;
  private final MetaStateMachine stateMachine;
  private final Runnable afterRestore;
  private final Leadership leadership;
  private volatile Path smDir;
  private volatile SnapshotInfo latest;

  MetaRaftStateMachine(MetaStore store, MetaStateMachine stateMachine, Runnable afterRestore,
      Leadership leadership) {
    this.store = store;
    this.stateMachine = stateMachine;
    this.afterRestore = afterRestore;
    this.leadership = leadership;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
    super.initialize(server, groupId, storage);
    smDir = storage.getStorageDir().getStateMachineDir().toPath();
    getLifeCycle().startAndTransition(() -> {
      latest = findLatestSnapshot();
      if (latest != null) {
        setLastAppliedTermIndex(latest.getTermIndex());
      }
    });
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    var entry = trx.getLogEntry();
    try {
      JournalBatch batch = JournalBatch.parseFrom(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      stateMachine.apply(batch.getEntriesList(), entry.getIndex());
      return CompletableFuture.completedFuture(Message.EMPTY);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot apply journal entry {}: {}", entry.getIndex(), e.toString(), e);
      return CompletableFuture.failedFuture(e);
    } finally {
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() <= 0) {
      return -1;
    }
    Path dir = smDir.resolve("snapshot." + last.getTerm() + "_" + last.getIndex());
    if (!Files.isDirectory(dir)) {
      Path tmp = smDir.resolve("tmp-" + dir.getFileName());
      deleteRecursively(tmp);
      Files.createDirectories(smDir);
      store.checkpoint(tmp);
      Files.move(tmp, dir);
    }
    latest = snapshotInfo(dir, last);
    deleteOlderSnapshots(last.getIndex());
    LOG.info("Snapshot of the metastore at log index {} in {}", last.getIndex(), dir);
    return last.getIndex();
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return new StateMachineStorage() {
      @Override
      public void init(RaftStorage raftStorage) {}

      @Override
      public SnapshotInfo getLatestSnapshot() {
        return latest;
      }

      @Override
      public void format() {}

      @Override
      public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) {}
    };
  }

  /** Before a snapshot from the leader is installed (once per transferred chunk: only the first pauses). */
  @Override
  public void pause() {
    if (getLifeCycle().compareAndTransition(LifeCycle.State.RUNNING, LifeCycle.State.PAUSING)) {
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** After Ratis installed a snapshot from the leader: the metastore becomes that checkpoint. */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().startAndTransition(() -> {
      SnapshotInfo installed = findLatestSnapshot();
      if (installed == null) {
        throw new IOException("No snapshot in " + smDir + " to load");
      }
      Path dir = Path.of(installed.getFiles().get(0).getPath().toString()).getParent();
      store.restore(dir);
      latest = installed;
      setLastAppliedTermIndex(installed.getTermIndex());
      afterRestore.run();
      LOG.info("Metastore restored from the leader's snapshot at log index {}", installed.getIndex());
    }, IOException.class);
  }

  /**
   * Reads are answered from the metastore, not through Ratis: a read-only
   * request is only the barrier that confirms the lead ({@link LeaderConfirmation}).
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    leadership.leaderChanged(Optional.ofNullable(newLeaderId).map(RaftPeerId::toString));
  }

  @Override
  public void notifyLeaderReady() {
    leadership.leaderReady();
  }

  /** The newest snapshot directory under the state machine directory, or null. */
  private SnapshotInfo findLatestSnapshot() throws IOException {
    if (!Files.isDirectory(smDir)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(smDir)) {
      Optional<Path> newest = dirs.filter(p -> SNAPSHOT_DIR.matcher(p.getFileName().toString()).matches())
          .max(Comparator.comparingLong(MetaRaftStateMachine::indexOf));
      if (newest.isEmpty()) {
        return null;
      }
      Matcher m = SNAPSHOT_DIR.matcher(newest.get().getFileName().toString());
      m.matches();
      return snapshotInfo(newest.get(), TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }
  }

  private static long indexOf(Path snapshotDir) {
    Matcher m = SNAPSHOT_DIR.matcher(snapshotDir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }

  private static SnapshotInfo snapshotInfo(Path dir, TermIndex termIndex) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<FileInfo> infos = files.filter(f -> !f.getFileName().toString().endsWith(".md5"))
          .sorted()
          .map(f -> new FileInfo(f.toAbsolutePath(), null))
          .toList();
      return new FileListSnapshotInfo(infos, termIndex);
    }
  }

  private void deleteOlderSnapshots(long keepIndex) throws IOException {
    try (Stream<Path> dirs = Files.list(smDir)) {
      for (Path p : dirs.toList()) {
        long index = indexOf(p);
        if (index >= 0 && index < keepIndex) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> all = Files.walk(p)) {
      all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
