package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryClientTest {
  @TempDir
  Path blockDir;

  static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void masterThatDoesNotAnswerIsUnavailableNamingItsAddress() throws IOException {
    int port = unusedPort();
    FerryConfiguration conf = FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "127.0.0.1").set(PropertyKey.MASTER_RPC_PORT, port).build();
    long start = System.nanoTime();
    try (FerryClient client = FerryClient.create(conf)) {
      assertThatThrownBy(() -> client.getStatus("/"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
          .hasMessageContaining("master at 127.0.0.1:" + port);
    }
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void invalidPathFailsBeforeAnyRpc() {
    try (FerryClient client = FerryClient.create(FerryConfiguration.builder().build())) {
      assertThatThrownBy(() -> client.getStatus("relative/path"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
    }
  }

  @Test
  void listingIteratorConsumesEveryPageOfTheStream() throws Exception {
    try (FakeCluster cluster = new FakeCluster(0, blockDir);
        FerryClient client = FerryClient.create(cluster.conf(false))) {
      for (int i = 0; i < 5; i++) {
        cluster.addFile("/f" + i, 1, 1024);
      }
      List<String> names = new ArrayList<>();
      try (ListingIterator it = client.listStatusIterator("/", false)) {
        while (it.hasNext()) {
          names.add(it.next().name());
        }
      }
      assertThat(names).containsExactly("f0", "f1", "f2", "f3", "f4");
      assertThat(client.listStatus("/f3")).extracting(PathStatus::path).containsExactly("/f3");
    }
  }

  @Test
  void remoteErrorKeepsItsFerryCode() throws Exception {
    try (FakeCluster cluster = new FakeCluster(0, blockDir);
        FerryClient client = FerryClient.create(cluster.conf(false))) {
      assertThatThrownBy(() -> client.getStatus("/missing"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessageContaining("/missing");
    }
  }

  @Test
  void setAttributesSendsOnlyTheChangedAttributes() throws Exception {
    try (FakeCluster cluster = new FakeCluster(0, blockDir);
        FerryClient client = FerryClient.create(cluster.conf(false))) {
      client.createDirectory("/d", false, 0750);
      assertThat(client.getStatus("/d").mode()).isEqualTo(0750);

      PathStatus changed = client.setAttributes("/d", AttributeChanges.NONE.withMtimeMs(1_000L));
      assertThat(changed.mtimeMs()).isEqualTo(1_000L);
      assertThat(changed.mode()).isEqualTo(0750);
    }
  }

  @Test
  void writingWithoutLiveWorkersFailsBeforeCreatingTheFile() throws Exception {
    try (FakeCluster cluster = new FakeCluster(0, blockDir);
        FerryClient client = FerryClient.create(cluster.conf(false))) {
      assertThatThrownBy(() -> client.createFile("/x", CreateOptions.DEFAULT))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
          .hasMessageContaining("/x").hasMessageContaining("no live workers");
      assertThat(cluster.master.inodes).doesNotContainKey("/x");
    }
  }
}
