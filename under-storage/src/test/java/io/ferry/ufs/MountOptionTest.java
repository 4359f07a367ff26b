package io.ferry.ufs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountOptionTest {
  @Test
  void ferrysOwnOptionsApplyToEveryBackend() {
    for (UfsBackend backend : UfsBackend.values()) {
      assertThatCode(() -> MountOption.check(backend,
          Map.of("sync.interval", "10s", "block.size", "8m", "replication", "2"))).doesNotThrowAnyException();
    }
  }

  @Test
  void aBackendsOwnOptionsApplyToIt() {
    assertThatCode(() -> MountOption.check(UfsBackend.S3, Map.of("s3.endpoint", "http://127.0.0.1:9000",
        "s3.path-style", "true"))).doesNotThrowAnyException();
    assertThatCode(() -> MountOption.check(UfsBackend.AZURE, Map.of("azure.account", "acct")))
        .doesNotThrowAnyException();
    assertThatCode(() -> MountOption.check(UfsBackend.HDFS, Map.of("hdfs.conf-dir", "/etc/hadoop/conf")))
        .doesNotThrowAnyException();
  }

  @Test
  void anyHadoopKeyAppliesToHdfs() {
    assertThatCode(() -> MountOption.check(UfsBackend.HDFS, Map.of("hadoop.dfs.client.use.datanode.hostname", "true")))
        .doesNotThrowAnyException();
    assertThat(MountOption.forKey("hadoop.dfs.replication")).contains(MountOption.HADOOP);
    assertThat(MountOption.forKey("hadoop.")).isEmpty();
  }

  @Test
  void anUnknownOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> MountOption.check(UfsBackend.LOCAL, Map.of("sync-interval", "10s")))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageStartingWith("Unknown mount option sync-interval;")
        .hasMessageContaining("sync.interval");
  }

  @Test
  void anUnknownOptionOfABackendsPrefixIsRefused() {
    assertThatThrownBy(() -> MountOption.check(UfsBackend.S3, Map.of("s3.secret.key", "x")))
        .hasMessageStartingWith("Unknown mount option s3.secret.key;")
        .hasMessageContaining("s3.secret-key");
  }

  @Test
  void anotherBackendsOptionIsRefusedNamingTheBackends() {
    assertThatThrownBy(() -> MountOption.check(UfsBackend.LOCAL, Map.of("s3.endpoint", "http://127.0.0.1:9000")))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("Mount option s3.endpoint does not apply to file:// mounts (it is for s3:// mounts)");
    assertThatThrownBy(() -> MountOption.check(UfsBackend.S3, Map.of("hadoop.fs.defaultFS", "hdfs://nn")))
        .hasMessageContaining("option hadoop.fs.defaultFS does not apply to s3:// mounts");
    assertThatThrownBy(() -> MountOption.check(UfsBackend.HDFS, Map.of("azure.key", "k")))
        .hasMessageContaining("option azure.key does not apply to hdfs:// mounts");
  }

  @Test
  void everyOptionHasADescriptionAndADefaultOfItsType() {
    assertThat(MountOption.all().values()).allSatisfy(o -> {
      assertThat(o.description()).isNotBlank();
      o.defaultValue().ifPresent(d -> assertThatCode(() -> o.type().parse(d)).doesNotThrowAnyException());
    });
  }

  @Test
  void aBackendReadsItsOptionsWithTheirDefaults() throws FerryException {
    MountOptions given = MountOptions.of(UfsBackend.S3, Map.of("s3.region", "eu-west-1", "sync.interval", "1s"));
    MountOptions none = MountOptions.of(UfsBackend.S3, Map.of());

    assertThat(given.getString(MountOption.S3_REGION)).isEqualTo("eu-west-1");
    assertThat(none.getString(MountOption.S3_REGION)).isEqualTo("us-east-1");
    assertThat(none.getInt(MountOption.S3_MAX_RETRIES, 0)).isEqualTo(3);
    assertThat(none.get(MountOption.S3_ENDPOINT)).isEmpty();
  }

  @Test
  void aMalformedValueIsRefusedNamingTheOptionNotTheValue() throws FerryException {
    MountOptions o = MountOptions.of(UfsBackend.S3, Map.of("s3.max-retries", "many"));
    assertThatThrownBy(() -> o.getInt(MountOption.S3_MAX_RETRIES, 0))
        .hasMessageContaining("s3.max-retries").hasMessageNotContaining("many");
  }
}
