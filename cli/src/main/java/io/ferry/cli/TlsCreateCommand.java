package io.ferry.cli;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry admin tls create}: a throw-away CA (kept when the directory
 * has one already) and new server and client certificates signed by it, for
 * a test or local cluster; run again to rotate the certificates.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a throw-away CA (unless DIR has one) and new server and client certificates signed "
        + "by it; running it again rotates the certificates.")
final class TlsCreateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the PEM files go.")
  Path dir;

  @Option(names = "--host", paramLabel = "HOST", description = "A host name or address the server certificate "
      + "names (repeatable; default: localhost, this host's name, 127.0.0.1, ::1).")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--user", paramLabel = "USER", description = "Subject of the client certificate (default: you).")
  String user = System.getProperty("user.name");

  @Option(names = "--validity", defaultValue = "30d", paramLabel = "DURATION",
      description = "How long the certificates are valid (default 30d).")
  String validity;

  @Override
  public Integer call() throws IOException {
    FerryCli cli = (FerryCli) spec.root().userObject();
    new ClusterCertificates(dir).issue(hosts.isEmpty() ? ClusterCertificates.localHosts() : hosts, user, PositiveDuration.parse(spec.commandLine(), "--validity", validity));
    Path d = dir.toAbsolutePath();
    PrintStream out = cli.out();
    out.println("# servers (masters, workers, FUSE mounts):");
    out.println(PropertyKey.SECURITY_TLS_ENABLED + "=true");
    out.println(PropertyKey.SECURITY_TLS_CA + "=" + d.resolve(ClusterCertificates.CA_CERT));
    out.println(PropertyKey.SECURITY_TLS_CERT + "=" + d.resolve(ClusterCertificates.SERVER_CERT));
    out.println(PropertyKey.SECURITY_TLS_KEY + "=" + d.resolve(ClusterCertificates.SERVER_KEY));
    out.println("# clients: the same CA, and for mutual TLS " + d.resolve(ClusterCertificates.CLIENT_CERT)
        + " and " + d.resolve(ClusterCertificates.CLIENT_KEY));
    return 0;
  }
}
