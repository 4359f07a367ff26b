package io.ferry.it.fuse;

import io.ferry.client.FerryClient;
import io.ferry.it.FerryCluster;
import java.nio.file.Path;

/**
 * What most FUSE tests run against: a cluster of separate processes (a master and its workers, over a
 * local under storage) and a FUSE mount process over it, in a scratch directory under /tmp that every
 * user can reach. Closing it unmounts, stops the processes and deletes the directory, each step also
 * when an earlier one fails; a set-up that fails part-way closes what it had started.
 */
final class MountedCluster implements AutoCloseable {
  /** A set-up step that may fail. */
  @FunctionalInterface
  interface Step<T> {
    T apply(T t) throws Exception;
  }

  /** Something done to the running cluster before the mount starts (data in the under storage, mounts). */
  @FunctionalInterface
  interface Preparation {
    void run(FerryCluster cluster) throws Exception;
  }

  private final Path base;
  private FerryCluster cluster;
  private FuseMountProcess mount;
  private FerryClient client;

  private MountedCluster(Path base) {
    this.base = base;
  }

  /** A builder whose scratch directory's name starts with {@code prefix}. */
  static Builder builder(String prefix) {
    return new Builder(prefix);
  }

  /** The default cluster and mount. */
  static MountedCluster start(String prefix) throws Exception {
    return builder(prefix).start();
  }

  /** The scratch directory: the cluster's files, the mount point {@code mnt}, and room for a test's own. */
  Path base() {
    return base;
  }

  FerryCluster cluster() {
    return cluster;
  }

  FuseMountProcess mount() {
    return mount;
  }

  /** The mount point. */
  Path dir() {
    return mount.dir();
  }

  /** A client of the cluster, made at the first call and closed with the rest. */
  FerryClient client() throws Exception {
    if (client == null) {
      client = cluster.newClient();
    }
    return client;
  }

  @Override
  public void close() throws Exception {
    Closing closing = new Closing();
    closing.run(client);
    closing.run(mount);
    closing.run(cluster);
    closing.run(() -> FuseTestDirs.delete(base));
    closing.rethrow();
  }

  /** Runs each close, keeps the first failure and adds the later ones to it. */
  private static final class Closing {
    private Exception failure;

    void run(AutoCloseable step) {
      if (step == null) {
        return;
      }
      try {
        step.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }

    void rethrow() throws Exception {
      if (failure != null) {
        throw failure;
      }
    }
  }

  static final class Builder {
    private final String prefix;
    private Step<FerryCluster.Builder> clusterSetUp = b -> b;
    private Preparation beforeMount = c -> {};
    private Step<FuseMountProcess> mountSetUp = m -> m;

    private Builder(String prefix) {
      this.prefix = prefix;
    }

    /** Configures the cluster (workers, properties) before it starts. */
    Builder cluster(Step<FerryCluster.Builder> setUp) {
      this.clusterSetUp = setUp;
      return this;
    }

    /** Runs once the cluster is up, before the mount starts. */
    Builder beforeMount(Preparation preparation) {
      this.beforeMount = preparation;
      return this;
    }

    /** Configures the mount process (properties, identity) before it starts. */
    Builder mount(Step<FuseMountProcess> setUp) {
      this.mountSetUp = setUp;
      return this;
    }

    MountedCluster start() throws Exception {
      MountedCluster fixture = new MountedCluster(FuseTestDirs.create(Path.of("/tmp"), prefix));
      try {
        fixture.cluster = clusterSetUp.apply(FerryCluster.builder(fixture.base)).start();
        beforeMount.run(fixture.cluster);
        fixture.mount = mountSetUp.apply(new FuseMountProcess(fixture.cluster, fixture.base.resolve("mnt")))
            .start();
        return fixture;
      } catch (Exception | Error e) {
        try {
          fixture.close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
  }
}
