package io.ferry.cli;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry admin tls user}: a client certificate naming one user, signed
 * by the CA of {@code ferry admin tls create}, for MTLS authentication.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = "Create a client certificate whose subject is CN=USER, signed by DIR's CA: with "
        + "ferry.security.authentication.type=MTLS it authenticates as USER.")
final class TlsUserCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR",
      description = "The directory of `ferry admin tls create` (its CA signs); the files go there.")
  Path dir;

  @Option(names = "--user", required = true, paramLabel = "USER", description = "The user the certificate names.")
  String user;

  @Option(names = "--validity", defaultValue = "30d", paramLabel = "DURATION",
      description = "How long the certificate is valid (default 30d).")
  String validity;

  @Override
  public Integer call() throws IOException {
    if (!ClusterCertificates.isUserName(user)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--user '" + user + "': a user name has "
          + "letters, digits, '.', '_', '@' and '-' only");
    }
    ClusterCertificates certificates = new ClusterCertificates(dir);
    certificates.issueUser(user, PositiveDuration.parse(spec.commandLine(), "--validity", validity));
    PrintStream out = ((FerryCli) spec.root().userObject()).out();
    out.println("# the clients of " + user + ":");
    out.println(PropertyKey.SECURITY_TLS_CERT + "=" + certificates.userCert(user).toAbsolutePath());
    out.println(PropertyKey.SECURITY_TLS_KEY + "=" + certificates.userKey(user).toAbsolutePath());
    return 0;
  }
}
