package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@link FuseIdentityTests} with SIMPLE authentication: the mount states each
 * caller as the user of its calls, which the master believes, as it believes
 * every SIMPLE client.
 */
class FuseSimpleIdentityIT extends FuseIdentityTests {
  @Override
  FerryCluster.Builder authenticated(FerryCluster.Builder cluster) {
    return cluster.masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "SIMPLE")
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "SIMPLE");
  }

  @Override
  FuseMountProcess authenticated(FuseMountProcess mount) {
    return mount.property(PropertyKey.SECURITY_AUTHENTICATION_TYPE.name(), "SIMPLE");
  }

  @Test
  void theMastersAuditLogNamesTheUserTheMountStated() throws Exception {
    as(OWNER, "printf x > shared/audited.txt");

    assertThat(Files.readString(cluster.auditLog()))
        .contains("user=" + OWNER + "\tip=127.0.0.1\tcmd=createFile\tsrc=/shared/audited.txt");
  }
}
