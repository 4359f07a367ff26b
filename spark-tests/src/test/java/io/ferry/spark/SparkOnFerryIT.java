package io.ferry.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.it.FerryCluster;
import io.ferry.ufs.TestServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Spark in local mode, with only the shaded Ferry client jar added to its
 * class path, reads CSV and Parquet through {@code ferry://} from an S3
 * mount (S3Proxy), aggregates, and writes Parquet back through
 * {@code ferry://} into the bucket (CACHE_THROUGH). One Ferry cluster (master
 * and worker processes) and one Spark session serve every test.
 */
class SparkOnFerryIT {
  private static final String BUCKET = "ferry-spark";
  private static final List<String> REGIONS = List.of("emea", "apac", "amer", "latam");
  private static final int ROWS = 2000;

  @TempDir
  static Path tmp;

  private static S3Client s3;
  private static FerryCluster cluster;
  private static SparkSession spark;
  /** The S3 mount, as Spark sees it: ferry://localhost:port/s3. */
  private static String mount;

  @BeforeAll
  static void start() throws Exception {
    TestServers.S3 server = TestServers.s3();
    s3 = S3Client.builder()
        .endpointOverride(URI.create(server.endpoint()))
        .region(Region.of(server.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
        .forcePathStyle(true)
        .build();
    try {
      s3.createBucket(b -> b.bucket(BUCKET));
    } catch (BucketAlreadyOwnedByYouException e) {
      deleteKeys(""); // left by an earlier run against the same server
    }
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ferry-spark-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    putInput();
    cluster = FerryCluster.builder(tmp.resolve("cluster")).fromBuiltModules().start();
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://" + BUCKET + "/", server.mountOptions(), false);
    }
    mount = "ferry://localhost:" + cluster.masterPort() + "/s3";
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void readsCsvFromAnS3MountAndAggregates() {
    Dataset<Row> sales = spark.read().option("header", "true").schema("region STRING, amount LONG")
        .csv(mount + "/input/sales.csv");

    assertThat(totals(sales)).isEqualTo(expectedTotals());
  }

  @Test
  void readsParquetFromAnS3MountAndAggregates() {
    Dataset<Row> sales = spark.read().parquet(mount + "/input/sales.parquet");

    assertThat(totals(sales)).isEqualTo(expectedTotals());
  }

  @Test
  void writesParquetThroughFerryIntoTheBucketAndItReadsBackEqual() throws IOException {
    Dataset<Row> sales = spark.read().option("header", "true").schema("region STRING, amount LONG")
        .csv(mount + "/input/sales.csv");
    String output = mount + "/output/totals";

    sales.groupBy("region").agg(functions.sum("amount").as("total")).write().parquet(output);

    List<String> keys = keysUnder("output/totals/");
    assertThat(keys).contains("output/totals/_SUCCESS");
    assertThat(keys).anyMatch(k -> k.startsWith("output/totals/part-") && k.endsWith(".parquet"));
    assertThat(asMap(spark.read().parquet(output))).isEqualTo(expectedTotals());
    assertThat(asMap(spark.read().parquet(download(keys).toString()))).isEqualTo(expectedTotals());
  }

  private static Map<String, Long> totals(Dataset<Row> sales) {
    return asMap(sales.groupBy("region").agg(functions.sum("amount").as("total")));
  }

  private static Map<String, Long> asMap(Dataset<Row> totals) {
    return totals.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1), (a, b) -> a, TreeMap::new));
  }

  private static Map<String, Long> expectedTotals() {
    return IntStream.range(0, ROWS).boxed()
        .collect(Collectors.groupingBy(SparkOnFerryIT::region, TreeMap::new, Collectors.summingLong(i -> i)));
  }

  private static String region(int row) {
    return REGIONS.get(row % REGIONS.size());
  }

  /** The same rows as CSV and as Parquet (written by Spark to a local directory) in the bucket. */
  private static void putInput() throws IOException {
    String csv = "region,amount\n" + IntStream.range(0, ROWS).mapToObj(i -> region(i) + "," + i)
        .collect(Collectors.joining("\n", "", "\n"));
    s3.putObject(b -> b.bucket(BUCKET).key("input/sales.csv"), RequestBody.fromString(csv, StandardCharsets.UTF_8));

    Path parquet = tmp.resolve("sales.parquet");
    List<String> lines = List.of(csv.split("\n")).subList(1, ROWS + 1);
    spark.createDataset(lines, Encoders.STRING())
        .selectExpr("split(value, ',')[0] AS region", "CAST(split(value, ',')[1] AS BIGINT) AS amount")
        .write().parquet(parquet.toString());
    try (Stream<Path> files = Files.list(parquet)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().endsWith(".crc")).toList()) {
        s3.putObject(b -> b.bucket(BUCKET).key("input/sales.parquet/" + f.getFileName()), RequestBody.fromFile(f));
      }
    }
  }

  /** The objects under a prefix, straight from S3, into a local directory. */
  private static Path download(List<String> keys) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("downloaded"));
    for (String key : keys) {
      Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)),
          s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }
    return dir;
  }

  private static List<String> keysUnder(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).toList();
  }

  private static void deleteKeys(String prefix) {
    keysUnder(prefix).forEach(k -> s3.deleteObject(b -> b.bucket(BUCKET).key(k)));
  }
}
