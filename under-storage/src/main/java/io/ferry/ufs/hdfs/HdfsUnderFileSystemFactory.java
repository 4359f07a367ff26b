package io.ferry.ufs.hdfs;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.MountOption;
import io.ferry.ufs.MountOptions;
import io.ferry.ufs.UfsBackend;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystemFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Serves {@code hdfs://namenode:port/path}. Hadoop configuration comes from
 * mount options: {@code hdfs.conf-dir}, a directory whose core-site.xml and
 * hdfs-site.xml are read, then every {@code hadoop.K=V} option sets Hadoop's
 * key K (e.g. {@code hadoop.dfs.client.use.datanode.hostname=true}). By
 * default a NameNode that does not answer fails after a few seconds, not
 * Hadoop's minutes ({@code ipc.client.connect.max.retries} 2, connect
 * timeout 10s; both can be set through {@code hadoop.*}).
 */
public final class HdfsUnderFileSystemFactory implements UnderFileSystemFactory {
  private static final String HADOOP_PREFIX = MountOption.HADOOP.name();

  @Override
  public boolean supports(String uri) {
    return uri != null && uri.startsWith("hdfs://");
  }

  @Override
  public UfsBackend backend() {
    return UfsBackend.HDFS;
  }

  @Override
  public UnderFileSystem create(String rootUri, Map<String, String> options) throws IOException {
    URI uri;
    try {
      uri = new URI(rootUri);
    } catch (java.net.URISyntaxException e) {
      throw FerryException.invalidArgument("Invalid HDFS URI '" + rootUri + "': " + e.getReason());
    }
    if (uri.getAuthority() == null) {
      throw FerryException.invalidArgument("HDFS URI '" + rootUri + "' names no NameNode (hdfs://host:port/path)");
    }
    Configuration conf = configuration(options);
    String nameNode = uri.getScheme() + "://" + uri.getAuthority();
    FileSystem fs = FileSystem.newInstance(URI.create(nameNode), conf);
    return new HdfsUnderFileSystem(fs, rootUri, new HdfsErrors(nameNode));
  }

  static Configuration configuration(Map<String, String> options) throws FerryException {
    Configuration conf = new Configuration();
    conf.setInt("ipc.client.connect.max.retries", 2);
    conf.setInt("ipc.client.connect.timeout", 10_000);
    // refuses any other 'hdfs.*' key, naming it; Hadoop's own keys go in as hadoop.KEY
    Optional<String> confDir = MountOptions.of(UfsBackend.HDFS, options).get(MountOption.HDFS_CONF_DIR);
    if (confDir.isPresent()) {
      addSiteFiles(conf, confDir.get());
    }
    // Set after the site files, so that a mount option wins over them.
    options.forEach((key, value) -> {
      if (key.startsWith(HADOOP_PREFIX) && key.length() > HADOOP_PREFIX.length()) {
        conf.set(key.substring(HADOOP_PREFIX.length()), value);
      }
    });
    return conf;
  }

  private static void addSiteFiles(Configuration conf, String dir) throws FerryException {
    java.nio.file.Path d = java.nio.file.Path.of(dir);
    if (!Files.isDirectory(d)) {
      throw FerryException.invalidArgument("Mount option '" + MountOption.HDFS_CONF_DIR + "' is not a directory: " + dir);
    }
    for (String site : new String[] {"core-site.xml", "hdfs-site.xml"}) {
      java.nio.file.Path file = d.resolve(site);
      if (Files.isRegularFile(file)) {
        conf.addResource(new Path(file.toUri()));
      }
    }
  }
}
