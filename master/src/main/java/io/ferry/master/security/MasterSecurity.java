package io.ferry.master.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import io.ferry.common.security.DaemonCredentials;
import io.ferry.common.security.DaemonProofs;
import io.ferry.common.security.DaemonsOnly;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The master's security, from its configuration: who calls (authentication),
 * what they may do (permissions), the block capabilities workers ask for and
 * the audit log. With authentication NONE there is only the audit log
 * (ferry.security.audit.enabled).
 */
public final class MasterSecurity {
  private final AuthenticationType type;
  private final PermissionChecker permissions;
  private final Authenticator authenticator;
  private final Impersonation impersonation;
  private final CapabilityIssuer capabilities;
  private final DaemonProofs daemonProofs;
  private final boolean audit;

  private MasterSecurity(AuthenticationType type, PermissionChecker permissions, Authenticator authenticator,
      Impersonation impersonation, CapabilityIssuer capabilities, DaemonProofs daemonProofs, boolean audit) {
    this.type = type;
    this.daemonProofs = daemonProofs;
    this.permissions = permissions;
    this.authenticator = authenticator;
    this.impersonation = impersonation;
    this.capabilities = capabilities;
    this.audit = audit;
  }

  public static MasterSecurity from(FerryConfiguration conf) {
    AuthenticationType type = AuthenticationType.ofServer(conf);
    boolean audit = conf.getBoolean(PropertyKey.SECURITY_AUDIT_ENABLED);
    if (type == AuthenticationType.NONE) {
      return new MasterSecurity(type, PermissionChecker.OFF, null, null, CapabilityIssuer.OFF, null, audit);
    }
    Tokens tokens = type == AuthenticationType.TOKEN
        ? new Tokens(TokenKeyFile.readOrCreate(TokenKeyFile.of(conf))) : null;
    GroupLookup groups = GroupLookup.ofOs(conf.getDuration(PropertyKey.SECURITY_GROUPS_CACHE_TTL));
    Authenticator authenticator =
        new Authenticator(type, tokens, CertificateUsers.from(conf), groups, Instant::now);
    PermissionChecker permissions =
        new PermissionChecker(CallerContext::current, Superusers.from(conf), umask(conf));
    byte[] blockKey = BlockKeyFile.readOrCreate(conf);
    CapabilityIssuer capabilities = new CapabilityIssuer(new BlockCapabilities(blockKey), permissions,
        conf.getDuration(PropertyKey.SECURITY_BLOCK_CAPABILITY_LIFETIME), Instant::now);
    return new MasterSecurity(type, permissions, authenticator, Impersonation.from(conf, groups), capabilities,
        new DaemonProofs(blockKey), audit);
  }

  private static int umask(FerryConfiguration conf) {
    String value = conf.getString(PropertyKey.SECURITY_UMASK).trim();
    try {
      int umask = Integer.parseInt(value, 8);
      if (umask >= 0 && umask <= 0777) {
        return umask;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_UMASK + "' is '" + value
        + "'; expected an octal mask from 000 to 777");
  }

  public AuthenticationType type() {
    return type;
  }

  /** Who calls, for what is not a gRPC call (the web API); empty with NONE. */
  public Optional<Authenticator> authenticator() {
    return Optional.ofNullable(authenticator);
  }

  public PermissionChecker permissions() {
    return permissions;
  }

  /** Signs the block capabilities of the answers that open files ({@link CapabilityIssuer#OFF} with NONE). */
  public CapabilityIssuer capabilities() {
    return capabilities;
  }

  /**
   * The workers' service, which hands out mount credentials: behind a check
   * that calls come from workers (holders of the block key), except with NONE.
   */
  public BindableService wrapWorkers(BindableService workers) {
    if (daemonProofs == null) {
      return workers;
    }
    return new DaemonsOnly(daemonProofs, Instant::now, "workers", Set.of()).guard(workers);
  }

  /** Signs the master's calls to workers (loads, copies, persists), which workers take from daemons only. */
  public DaemonCredentials daemonCredentials() {
    return daemonProofs == null ? DaemonCredentials.NONE : new DaemonCredentials(daemonProofs, Instant::now);
  }

  /** The namespace service behind authentication (not with NONE) and the audit log (when enabled). */
  public BindableService wrap(BindableService namespace) {
    List<ServerInterceptor> interceptors = new ArrayList<>();
    if (authenticator != null) {
      interceptors.add(new AuthenticationInterceptor(authenticator, impersonation));
    }
    if (audit) {
      interceptors.add(new AuditInterceptor()); // the last runs first: it sees the calls authentication refuses
    }
    return interceptors.isEmpty() ? namespace : () -> ServerInterceptors.intercept(namespace, interceptors);
  }
}
