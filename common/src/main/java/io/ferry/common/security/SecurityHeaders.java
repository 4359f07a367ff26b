package io.ferry.common.security;

import io.grpc.Metadata;

/** The gRPC metadata a client states its identity in. */
public final class SecurityHeaders {
  /** SIMPLE: the client's OS user. */
  public static final Metadata.Key<String> USER = Metadata.Key.of("ferry-user", Metadata.ASCII_STRING_MARSHALLER);
  /**
   * The calls of masters and workers to each other: a proof the caller holds the block key, as
   * {@link DaemonProofs} signs it (named when only workers signed).
   */
  public static final Metadata.Key<String> DAEMON_PROOF =
      Metadata.Key.of("ferry-worker-proof", Metadata.ASCII_STRING_MARSHALLER);
  /** TOKEN: the token, as {@link Tokens} prints it. */
  public static final Metadata.Key<String> TOKEN = Metadata.Key.of("ferry-token", Metadata.ASCII_STRING_MARSHALLER);
  /**
   * The user a client acts for (a FUSE mount serving its local users): the master lets only
   * ferry.security.impersonation.users act for someone else than the user they authenticate as.
   */
  public static final Metadata.Key<String> ACT_AS = Metadata.Key.of("ferry-act-as", Metadata.ASCII_STRING_MARSHALLER);

  private SecurityHeaders() {}
}
