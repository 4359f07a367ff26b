package io.ferry.common.security;

import io.ferry.common.conf.FerryConfiguration;
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
 * Signs each call of a daemon to another (a worker's to the master, the
 * master's to a worker) with a fresh {@link DaemonProofs proof}, with
 * authentication on; adds nothing with NONE ({@link #NONE}).
 */
public final class DaemonCredentials implements ClientInterceptor {
  /** Adds nothing: authentication NONE. */
  public static final DaemonCredentials NONE = new DaemonCredentials(null, Instant::now);
  /** How long a proof is good for: a call's deadline, plus room for clocks a little apart. */
  static final Duration PROOF_LIFETIME = Duration.ofMinutes(5);

  private final DaemonProofs proofs;
  private final Supplier<Instant> clock;

  public DaemonCredentials(DaemonProofs proofs, Supplier<Instant> clock) {
    this.proofs = proofs;
    this.clock = clock;
  }

  /** A worker's: it reads the block key the masters created (failing, naming the key, when it cannot). */
  public static DaemonCredentials from(FerryConfiguration conf) {
    if (AuthenticationType.ofServer(conf) == AuthenticationType.NONE) {
      return NONE;
    }
    return new DaemonCredentials(new DaemonProofs(BlockKeyFile.read(conf)), Instant::now);
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (proofs == null) {
      return next.newCall(method, options);
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(SecurityHeaders.DAEMON_PROOF, proofs.sign(clock.get().plus(PROOF_LIFETIME)));
        super.start(listener, headers);
      }
    };
  }
}
