package io.ferry.master.security;

import io.ferry.common.security.Identity;
import io.grpc.Context;
import java.util.Optional;

/** The authenticated caller of the current gRPC call, put there by {@link AuthenticationInterceptor}. */
public final class CallerContext {
  static final Context.Key<Identity> KEY = Context.key("ferry-caller");

  private CallerContext() {}

  /** The caller; empty with authentication NONE and for the master's own work (no call). */
  public static Optional<Identity> current() {
    return Optional.ofNullable(KEY.get());
  }
}
