package io.ferry.it;

import io.ferry.client.AttributeChanges;
import io.ferry.client.FerryClient;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** TOKEN authentication for a test cluster: its token key, the users' tokens and clients. */
final class TokenAuth {
  /** The superuser, whose token the cluster's clients present unless told otherwise. */
  static final String ADMIN = "admin";

  private final Path keyFile;
  private final Tokens tokens;

  TokenAuth(Path keyFile) {
    this.keyFile = keyFile;
    this.tokens = new Tokens(TokenKeyFile.readOrCreate(keyFile));
  }

  /** A cluster whose masters and workers authenticate with TOKEN and take {@link #ADMIN} as a superuser. */
  FerryCluster.Builder cluster(Path dir, int workers) {
    return FerryCluster.builder(dir).workers(workers)
        .masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .masterProperty(PropertyKey.SECURITY_TOKEN_KEY_FILE, keyFile)
        .masterProperty(PropertyKey.SECURITY_SUPERUSERS, ADMIN)
        .clientProperty(PropertyKey.SECURITY_TOKEN, token(ADMIN));
  }

  /** Makes {@code path} a directory everyone may write in (0777, past the umask), as the superuser. */
  static void makeShared(FerryCluster cluster, String path) throws Exception {
    try (FerryClient admin = cluster.newClient()) {
      admin.createDirectory(path, false, 0777);
      admin.setAttributes(path, AttributeChanges.NONE.withMode(0777));
    }
  }

  /** A token of {@code user} (no groups) valid for an hour. */
  String token(String user) {
    return tokens.create(new Identity(user, List.of()), Instant.now().plusSeconds(3600));
  }

  /** A client of {@code cluster} presenting {@code token} ("" for none). */
  static FerryClient clientWithToken(FerryCluster cluster, String token) {
    return FerryClient.create(cluster.clientConf().toBuilder().set(PropertyKey.SECURITY_TOKEN, token).build());
  }

  /** A client of {@code cluster} presenting a token of {@code user}. */
  FerryClient client(FerryCluster cluster, String user) {
    return clientWithToken(cluster, token(user));
  }

  Path keyFile() {
    return keyFile;
  }

  Tokens tokens() {
    return tokens;
  }
}
