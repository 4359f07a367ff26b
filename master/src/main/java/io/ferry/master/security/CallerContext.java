package io.ferry.master.security;

import io.ferry.common.security.Identity;
import io.grpc.Context;
import java.util.Optional;

/** The authenticated caller of the current gRPC call, put there by {@link AuthenticationInterceptor}. */
public final class CallerContext {
  static final Context.Key<Identity> KEY = Context.key("ferry-caller");
  /** The authenticated user acting for the caller, when it acts for another (a FUSE mount). */
  static final Context.Key<String> PROXY = Context.key("ferry-proxy");

  private CallerContext() {}

  /** The caller; empty with authentication NONE and for the master's own work (no call). */
  public static Optional<Identity> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** A context whose caller is {@code who}: the master's work for a user (a load job) runs in it. */
  public static Context as(Identity who) {
    return Context.ROOT.withValue(KEY, who);
  }

  /** The user that authenticated and acts for {@link #current}'s, when they differ (impersonation). */
  public static Optional<String> proxy() {
    return Optional.ofNullable(PROXY.get());
  }
}
