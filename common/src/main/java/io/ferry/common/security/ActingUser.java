package io.ferry.common.security;

import io.grpc.Context;
import java.util.Optional;

/**
 * The local user a client acts for during a piece of work, kept in the gRPC
 * {@link Context} of the thread doing it: a FUSE mount serves each calling
 * user as that user. {@link ClientCredentials} states it on each call made
 * meanwhile; outside such a scope a client acts as itself.
 */
public final class ActingUser {
  private static final Context.Key<String> KEY = Context.key("ferry-acting-user");

  private ActingUser() {}

  /** Acts for {@code user} until the scope is closed (on the same thread). */
  public static Scope enter(String user) {
    Context acting = Context.current().withValue(KEY, user);
    Context previous = acting.attach();
    return () -> acting.detach(previous);
  }

  /** The user being acted for, if any. */
  public static Optional<String> current() {
    return Optional.ofNullable(KEY.get());
  }

  /** The end of an {@link #enter}; closing it throws nothing. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
