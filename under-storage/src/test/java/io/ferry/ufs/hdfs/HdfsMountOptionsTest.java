package io.ferry.ufs.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How HDFS mount options become Hadoop configuration. */
class HdfsMountOptionsTest {
  @TempDir Path confDir;

  private void writeSite(String file, String key, String value) throws Exception {
    Files.writeString(confDir.resolve(file), "<configuration><property><name>" + key + "</name><value>" + value
        + "</value></property></configuration>");
  }

  @Test
  void hadoopPrefixedOptionsSetHadoopKeys() throws Exception {
    Configuration conf = HdfsUnderFileSystemFactory.configuration(Map.of("hadoop.dfs.replication", "2"));
    assertThat(conf.get("dfs.replication")).isEqualTo("2");
  }

  @Test
  void confDirSiteFilesAreRead() throws Exception {
    writeSite("core-site.xml", "ferry.test.core", "from-core-site");
    writeSite("hdfs-site.xml", "ferry.test.hdfs", "from-hdfs-site");

    Configuration conf = HdfsUnderFileSystemFactory.configuration(Map.of("hdfs.conf-dir", confDir.toString()));

    assertThat(conf.get("ferry.test.core")).isEqualTo("from-core-site");
    assertThat(conf.get("ferry.test.hdfs")).isEqualTo("from-hdfs-site");
  }

  @Test
  void aHadoopOptionWinsOverTheSiteFiles() throws Exception {
    writeSite("hdfs-site.xml", "dfs.replication", "3");

    Configuration conf = HdfsUnderFileSystemFactory.configuration(
        Map.of("hdfs.conf-dir", confDir.toString(), "hadoop.dfs.replication", "1"));

    assertThat(conf.get("dfs.replication")).isEqualTo("1");
  }

  @Test
  void aConfDirThatIsNotADirectoryIsNamed() {
    String missing = confDir.resolve("nope").toString();
    assertThatThrownBy(() -> HdfsUnderFileSystemFactory.configuration(Map.of("hdfs.conf-dir", missing)))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(missing);
  }

  @Test
  void anUnknownHdfsOptionIsNamed() {
    assertThatThrownBy(() -> HdfsUnderFileSystemFactory.configuration(Map.of("hdfs.confdir", "/etc/hadoop")))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("hdfs.confdir");
  }
}
