package io.ferry.ufs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Azure-specific behaviour: block-list uploads and the errors of a bad mount. */
class AzureUnderFileSystemTest {
  private static final String CONTAINER = AzureUnderFileSystemContractTest.CONTAINER;

  private static String containerUri(String container) {
    return "wasb://" + container + "@" + TestServers.azurite().account() + "/";
  }

  @Test
  void fileLargerThanOneBlockIsStagedInBlocksAndReadsBack() throws Exception {
    AzureTestContainers.create(CONTAINER);
    Map<String, String> options = new HashMap<>(TestServers.azurite().mountOptions());
    options.put("azure.block-size", "1m");
    byte[] data = new byte[(3 << 20) + 17];
    new Random(5).nextBytes(data);
    String uri = containerUri(CONTAINER) + UUID.randomUUID() + "/big";
    try (UnderFileSystem ufs = UnderFileSystems.create(containerUri(CONTAINER), options)) {
      try (UfsOutputStream out = ufs.create(uri, false)) {
        out.write(data);
      }
      try (InputStream in = ufs.open(uri, 0, -1)) {
        assertThat(Arrays.mismatch(in.readAllBytes(), data)).isEqualTo(-1);
      }
    }
  }

  @Test
  void wrongKeyFailsPermissionDenied() throws Exception {
    AzureTestContainers.create(CONTAINER);
    Map<String, String> options = new HashMap<>(TestServers.azurite().mountOptions());
    options.put("azure.key", "d3Jvbmcta2V5LXdyb25nLWtleQ==");
    try (UnderFileSystem ufs = UnderFileSystems.create(containerUri(CONTAINER), options)) {
      assertThatThrownBy(() -> ufs.getStatus(containerUri(CONTAINER) + "x"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessageContaining(containerUri(CONTAINER))
          .hasMessageNotContaining("d3Jvbmcta2V5LXdyb25nLWtleQ==");
    }
  }

  @Test
  void missingContainerFailsNotFoundNamingIt() throws Exception {
    try (UnderFileSystem ufs = UnderFileSystems.create(containerUri("no-such-container"),
        TestServers.azurite().mountOptions())) {
      assertThatThrownBy(() -> ufs.getStatus(containerUri("no-such-container")))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessageContaining("no-such-container");
    }
  }
}
