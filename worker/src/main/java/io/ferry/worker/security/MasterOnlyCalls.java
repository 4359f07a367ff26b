package io.ferry.worker.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.common.security.DaemonProofs;
import io.ferry.common.security.DaemonsOnly;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.BindableService;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The worker's calls that only the master makes: load a job's blocks, copy
 * blocks from another worker, persist a file. With authentication on they
 * need a daemon proof (the block key, which clients never hold), so a client
 * cannot make a worker fetch, copy or write what it likes; with NONE they
 * stay open, as everything else is.
 */
public final class MasterOnlyCalls {
  static final Set<String> METHODS = Set.of(
      BlockWorkerServiceGrpc.getLoadBlocksMethod().getBareMethodName(),
      WorkerReplicationServiceGrpc.getReplicateBlocksMethod().getBareMethodName(),
      WorkerReplicationServiceGrpc.getPersistFileMethod().getBareMethodName());

  private MasterOnlyCalls() {}

  /** What puts a service of the worker behind the check (its other calls pass); nothing with NONE. */
  public static UnaryOperator<BindableService> from(FerryConfiguration conf) {
    if (AuthenticationType.ofServer(conf) == AuthenticationType.NONE) {
      return UnaryOperator.identity();
    }
    DaemonsOnly check = new DaemonsOnly(new DaemonProofs(BlockKeyFile.read(conf)), Instant::now, "the masters",
        METHODS);
    return check::guard;
  }
}
