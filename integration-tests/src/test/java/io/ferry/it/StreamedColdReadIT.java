package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.PropertyKey;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold read of a large block from S3 gets its first bytes while the worker
 * is still fetching the block: S3 (S3Proxy) sits behind a proxy that passes
 * the first 4 MiB of each answer and holds the rest, so a worker that waited
 * for the whole block before sending would never answer the first read.
 * Both block paths are checked: the block transport and gRPC ReadBlock. The
 * reader then gets every byte once the proxy lets the rest through.
 */
class StreamedColdReadIT {
  private static final String BUCKET = "ferry-streamed";
  private static final int FILE_SIZE = 32 << 20; // one block
  private static final int PASSED = 4 << 20;
  private static final int FIRST_READ = 1 << 20;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static TcpProxy proxy;
  private static byte[] content;
  private static final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeAll
  static void startCluster() throws Exception {
    S3TestBuckets.create(BUCKET);
    content = TestFiles.randomBytes(FILE_SIZE, 11);
    try (Ufs ufs = new Ufs("s3://" + BUCKET + "/", TestServers.s3().mountOptions())) {
      ufs.write("s3://" + BUCKET + "/data/transport.bin", content);
      ufs.write("s3://" + BUCKET + "/data/grpc.bin", content);
    }
    proxy = TcpProxy.forEndpoint(TestServers.s3().endpoint());
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    FerryCli cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.endpoint", proxy.endpointFor(TestServers.s3().endpoint()));
    cli.ok(mountArgs(options));
  }

  private static String[] mountArgs(Map<String, String> options) {
    List<String> args = new ArrayList<>(List.of("fs", "mount"));
    options.forEach((k, v) -> args.addAll(List.of("--option", k + "=" + v)));
    args.addAll(List.of("/s3", "s3://" + BUCKET + "/data"));
    return args.toArray(String[]::new);
  }

  @AfterAll
  static void stop() throws Exception {
    readers.shutdownNow();
    cluster.close();
    proxy.close();
  }

  @Test
  void firstBytesOverTheBlockTransportArriveBeforeTheBlockIsFetched() throws Exception {
    assertFirstBytesComeBeforeTheRest("/s3/transport.bin", true);
  }

  @Test
  void firstBytesOverGrpcArriveBeforeTheBlockIsFetched() throws Exception {
    assertFirstBytesComeBeforeTheRest("/s3/grpc.bin", false);
  }

  private void assertFirstBytesComeBeforeTheRest(String path, boolean transport) throws Exception {
    try (FerryClient client = FerryClient.create(cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, false) // short-circuit asks for the block cached whole
        .set(PropertyKey.USER_DATA_TRANSPORT_ENABLED, transport).build())) {
      CountDownLatch rest = proxy.holdAnswersAfter(PASSED);
      try (FerryInputStream in = client.openFile(client.getStatus(path, false))) {
        Future<byte[]> first = readers.submit(() -> in.readNBytes(FIRST_READ));
        byte[] firstBytes;
        try {
          firstBytes = first.get(2, TimeUnit.MINUTES); // the rest of the block is held: only streaming answers
        } catch (TimeoutException e) {
          throw new AssertionError("The first " + FIRST_READ + " bytes did not come while the block's fetch was held");
        } finally {
          rest.countDown();
        }
        assertThat(firstBytes).isEqualTo(Arrays.copyOf(content, FIRST_READ));
        assertThat(TestFiles.sha256(new SequenceInputStream(new ByteArrayInputStream(firstBytes), in)))
            .isEqualTo(TestFiles.sha256(new ByteArrayInputStream(content)));
      }
    }
  }
}
