package io.ferry.master.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The user a verified client certificate names (MTLS): the CN of its subject
 * (as Kafka's and HDFS's default rules), or the first group of
 * ferry.security.mtls.user.pattern searched in the subject's RFC 2253 form.
 */
public final class CertificateUsers {
  private final Optional<Pattern> pattern;

  public CertificateUsers(Optional<Pattern> pattern) {
    this.pattern = pattern;
  }

  static CertificateUsers from(FerryConfiguration conf) {
    String regex = conf.getString(PropertyKey.SECURITY_MTLS_USER_PATTERN).trim();
    if (regex.isEmpty()) {
      return new CertificateUsers(Optional.empty());
    }
    try {
      Pattern p = Pattern.compile(regex);
      if (p.matcher("").groupCount() < 1) {
        throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_MTLS_USER_PATTERN + "' is '"
            + regex + "', which has no group: the first group is the user");
      }
      return new CertificateUsers(Optional.of(p));
    } catch (PatternSyntaxException e) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.SECURITY_MTLS_USER_PATTERN + "' is not a "
          + "regular expression: " + e.getDescription());
    }
  }

  /** The user {@code subject} names; UNAUTHENTICATED when it names none. */
  public String userOf(X500Principal subject) throws FerryException {
    String name = subject.getName(X500Principal.RFC2253);
    Optional<String> user = pattern.isPresent() ? matched(pattern.get(), name) : commonName(name);
    return user.filter(u -> !u.isBlank()).orElseThrow(() -> new FerryException(ErrorCode.UNAUTHENTICATED,
        "Authentication failed: the client certificate's subject '" + name + "' names no user ("
            + pattern.map(p -> PropertyKey.SECURITY_MTLS_USER_PATTERN + " '" + p + "' does not match it")
                .orElse("it has no CN") + ")"));
  }

  private static Optional<String> matched(Pattern p, String name) {
    Matcher m = p.matcher(name);
    return m.find() ? Optional.ofNullable(m.group(1)) : Optional.empty();
  }

  private static Optional<String> commonName(String name) {
    try {
      return new LdapName(name).getRdns().stream().filter(r -> r.getType().equalsIgnoreCase("CN"))
          .map(Rdn::getValue).map(String::valueOf).reduce((outer, inner) -> inner); // the most specific CN
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }
}
