package io.ferry.worker.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.WorkerProofs;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Signs each of the worker's calls to the master with a fresh
 * {@link WorkerProofs proof}, with authentication on; adds nothing with NONE.
 */
public final class WorkerCredentials implements ClientInterceptor {
  /** How long a proof is good for: a call's deadline, plus room for clocks a little apart. */
  static final Duration PROOF_LIFETIME = Duration.ofMinutes(5);

  private final WorkerProofs proofs;
  private final Supplier<Instant> clock;

  WorkerCredentials(WorkerProofs proofs, Supplier<Instant> clock) {
    this.proofs = proofs;
    this.clock = clock;
  }

  public static WorkerCredentials from(FerryConfiguration conf) {
    if (AuthenticationType.ofServer(conf) == AuthenticationType.NONE) {
      return new WorkerCredentials(null, Instant::now);
    }
    return new WorkerCredentials(new WorkerProofs(BlockKeyFile.read(conf)), Instant::now);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (proofs == null) {
      return next.newCall(method, options);
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(SecurityHeaders.WORKER_PROOF, proofs.sign(clock.get().plus(PROOF_LIFETIME)));
        super.start(listener, headers);
      }
    };
  }
}
