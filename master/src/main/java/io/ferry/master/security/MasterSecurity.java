package io.ferry.master.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.AuthenticationType;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import java.time.Instant;

/**
 * The master's security, from its configuration: who calls (authentication),
 * what they may do (permissions), the block capabilities workers ask for and
 * the audit log. With authentication NONE it changes nothing.
 */
public final class MasterSecurity {
  private final AuthenticationType type;
  private final PermissionChecker permissions;
  private final Authenticator authenticator;
  private final CapabilityIssuer capabilities;

  private MasterSecurity(AuthenticationType type, PermissionChecker permissions, Authenticator authenticator,
      CapabilityIssuer capabilities) {
    this.type = type;
    this.permissions = permissions;
    this.authenticator = authenticator;
    this.capabilities = capabilities;
  }

  public static MasterSecurity from(FerryConfiguration conf) {
    AuthenticationType type = AuthenticationType.of(conf);
    if (type == AuthenticationType.NONE) {
      return new MasterSecurity(type, PermissionChecker.OFF, null, CapabilityIssuer.OFF);
    }
    Tokens tokens = type == AuthenticationType.TOKEN
        ? new Tokens(TokenKeyFile.readOrCreate(TokenKeyFile.of(conf))) : null;
    Authenticator authenticator = new Authenticator(type, tokens,
        GroupLookup.ofOs(conf.getDuration(PropertyKey.SECURITY_GROUPS_CACHE_TTL)), Instant::now);
    PermissionChecker permissions =
        new PermissionChecker(CallerContext::current, Superusers.from(conf), umask(conf));
    CapabilityIssuer capabilities = new CapabilityIssuer(new BlockCapabilities(BlockKeyFile.readOrCreate(conf)),
        conf.getDuration(PropertyKey.SECURITY_BLOCK_CAPABILITY_LIFETIME), Instant::now);
    return new MasterSecurity(type, permissions, authenticator, capabilities);
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

  public PermissionChecker permissions() {
    return permissions;
  }

  /** Signs the block capabilities of the answers that open files ({@link CapabilityIssuer#OFF} with NONE). */
  public CapabilityIssuer capabilities() {
    return capabilities;
  }

  /** The namespace service behind authentication and the audit log (unchanged with NONE). */
  public BindableService wrap(BindableService namespace) {
    if (authenticator == null) {
      return namespace;
    }
    // the last interceptor runs first: the audit sees the calls authentication refuses too
    return () -> ServerInterceptors.intercept(namespace, new AuthenticationInterceptor(authenticator),
        new AuditInterceptor());
  }
}
