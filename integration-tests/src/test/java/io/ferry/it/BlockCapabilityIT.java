package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import io.ferry.client.StatusOptions;
import io.ferry.client.WorkerEndpoint;
import io.ferry.common.BlockChecksums;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockCapability;
import io.ferry.common.security.BlockKeyFile;
import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import io.ferry.common.transport.BlockTransportFrames;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers trust the master, not the client (authentication TOKEN, a master
 * and a worker of their own): a block is read only with the capability the
 * master signed when it checked the reader's permission. A request without
 * one, with an expired one or with one issued for another file is refused
 * naming the block, over gRPC and over the block transport; the client's
 * reads carry theirs and renew it when it expires; a listing carries one for
 * each file the caller may read, and none for the others; the worker shares
 * no block file with clients.
 */
class BlockCapabilityIT {
  private static final int BLOCK_SIZE = 1 << 20;
  private static final Duration LIFETIME = Duration.ofSeconds(3);
  private static final byte[] BYTES = new byte[2 * BLOCK_SIZE + 1000];

  @TempDir static Path dir;
  private static Tokens tokens;
  private static FerryCluster cluster;
  private static FerryClient admin;
  private static PathStatus secret;
  private static ManagedChannel worker;

  @BeforeAll
  static void startCluster() throws Exception {
    new Random(16).nextBytes(BYTES);
    Path tokenKey = dir.resolve("token.key");
    tokens = new Tokens(TokenKeyFile.readOrCreate(tokenKey));
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1)
        .masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .masterProperty(PropertyKey.SECURITY_TOKEN_KEY_FILE, tokenKey)
        .masterProperty(PropertyKey.SECURITY_SUPERUSERS, "admin")
        .masterProperty(PropertyKey.SECURITY_BLOCK_CAPABILITY_LIFETIME, LIFETIME.toSeconds() + "s")
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .clientProperty(PropertyKey.SECURITY_TOKEN, tokens.create(new Identity("admin", List.of()),
            Instant.now().plusSeconds(3600)))
        .start();
    admin = cluster.newClient();
    write("/secret.bin", BYTES);
    write("/other.bin", new byte[10]);
    try (FerryOutputStream out = admin.createFile("/private.bin",
        CreateOptions.DEFAULT.withBlockSize(BLOCK_SIZE).withMode(0600))) {
      out.write(BYTES, 0, 10);
    }
    secret = admin.getStatus("/secret.bin", StatusOptions.DEFAULT.withBlocks(true));
    worker = GrpcChannels.forAddress("localhost", cluster.workerPort(0), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    GrpcChannels.shutdown(worker);
    admin.close();
    cluster.close();
  }

  @Test
  void aClientReadsWithTheCapabilityTheMasterSigned() throws Exception {
    FerryConfiguration grpcOnly = cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_DATA_TRANSPORT_ENABLED, false).build();
    try (FerryClient overGrpc = FerryClient.create(grpcOnly)) {
      assertThat(read(admin, "/secret.bin")).isEqualTo(BYTES);
      assertThat(read(overGrpc, "/secret.bin")).isEqualTo(BYTES);
    }
  }

  @Test
  void aWorkerRefusesABlockReadWithoutACapability() {
    long block = secret.blocks().get(0).blockId();

    assertRefused(readBlock(block, ""), block, "no capability");
  }

  @Test
  void aWorkerRefusesACapabilityIssuedForAnotherBlock() throws Exception {
    PathStatus other = admin.getStatus("/other.bin", StatusOptions.DEFAULT.withBlocks(true)); // a fresh capability
    long block = secret.blocks().get(0).blockId();

    assertRefused(readBlock(block, other.capability()), block,
        "capability issued for file " + other.id() + ", not file " + secret.id());
  }

  @Test
  void aWorkerRefusesAnExpiredCapability() {
    FerryConfiguration workers = FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_BLOCK_KEY_FILE, cluster.blockKeyFile()).build();
    String expired = new BlockCapabilities(BlockKeyFile.read(workers)).sign(new BlockCapability(secret.id(),
        BlockCapability.Access.READ, secret.mountId(), secret.ufsUri(), "admin", Instant.now().minusSeconds(1)));
    long block = secret.blocks().get(0).blockId();

    assertRefused(readBlock(block, expired), block, "capability expired");
  }

  @Test
  void theBlockTransportRefusesAReadWithoutACapability() throws Exception {
    WorkerEndpoint endpoint = admin.getWorkers().get(0).endpoint();
    long block = secret.blocks().get(0).blockId();
    try (Socket socket = new Socket("localhost", endpoint.dataPort())) {
      BlockTransportFrames.writeRequest(new DataOutputStream(socket.getOutputStream()), request(block, ""));

      assertThatThrownBy(() -> BlockTransportFrames.readAnswer(new DataInputStream(socket.getInputStream())))
          .isInstanceOfSatisfying(FerryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessageContaining("block " + block).hasMessageContaining("no capability");
    }
  }

  @Test
  void aListingCarriesACapabilityTheWorkerAcceptsForAFileTheCallerMayRead() throws Exception {
    try (FerryClient bob = clientOf("bob")) {
      PathStatus listed = listed(bob, "/secret.bin"); // mode 0644: others may read

      assertThat(listed.capability()).isNotEmpty();
      readBlock(secret.blocks().get(0).blockId(), listed.capability()).run();
    }
  }

  @Test
  void aListingCarriesNoCapabilityForAFileTheCallerMayNotRead() throws Exception {
    try (FerryClient bob = clientOf("bob")) {
      assertThat(listed(bob, "/private.bin").capability()).isEmpty(); // mode 0600, owned by admin
    }
  }

  @Test
  void aFileOpenedFromAListingIsReadWithTheListingsCapability() throws Exception {
    try (FerryClient bob = clientOf("bob"); FerryInputStream in = bob.openFile(listed(bob, "/secret.bin"))) {
      String fromListing = in.status().capability();

      assertThat(in.readAllBytes()).isEqualTo(BYTES);
      assertThat(in.status().capability()).as("not renewed").isEqualTo(fromListing);
    }
  }

  @Test
  void aLongReadRenewsItsCapabilityWhenItExpires() throws Exception {
    byte[] read = new byte[BYTES.length];
    try (FerryInputStream in = admin.openFile("/secret.bin")) {
      String first = in.status().capability();
      in.readNBytes(read, 0, BLOCK_SIZE);
      Thread.sleep(LIFETIME.plusMillis(500).toMillis());

      in.readNBytes(read, BLOCK_SIZE, BYTES.length - BLOCK_SIZE); // the next block, past the capability's end

      assertThat(read).isEqualTo(BYTES);
      assertThat(in.status().capability()).isNotEqualTo(first);
    }
  }

  @Test
  void theWorkerSharesNoBlockFileWithClients() throws Exception {
    assertThat(admin.getWorkers().get(0).endpoint().tierDirs()).as("advertised tier directories").isEmpty();
    try (Stream<Path> files = Files.walk(dir.resolve("cluster/worker-0-mem"))) {
      assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(BlockChecksums.SUFFIX))
              .toList()).as("block files").isNotEmpty()
          .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
              .as(f.toString()).isEqualTo("rw-------"));
    }
  }

  private static void write(String path, byte[] bytes) throws Exception {
    try (FerryOutputStream out = admin.createFile(path, CreateOptions.DEFAULT.withBlockSize(BLOCK_SIZE))) {
      out.write(bytes);
    }
  }

  private static FerryClient clientOf(String user) {
    return FerryClient.create(cluster.clientConf().toBuilder().set(PropertyKey.SECURITY_TOKEN,
        tokens.create(new Identity(user, List.of()), Instant.now().plusSeconds(3600))).build());
  }

  private static PathStatus listed(FerryClient client, String path) throws FerryException {
    return client.listStatus("/").stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
  }

  private static byte[] read(FerryClient client, String path) throws Exception {
    try (FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  private static ReadBlockRequest request(long block, String capability) {
    return ReadBlockRequest.newBuilder().setBlockId(block).setCapability(capability)
        .setSource(UfsBlockSource.newBuilder().setMountId(secret.mountId()).setUfsUri(secret.ufsUri())
            .setBlockLength(BLOCK_SIZE).setFingerprint(secret.fingerprint()))
        .build();
  }

  /** Reads a block from the worker over gRPC as a client bypassing the master would. */
  private static Runnable readBlock(long block, String capability) {
    return () -> BlockWorkerServiceGrpc.newBlockingStub(worker).readBlock(request(block, capability)).hasNext();
  }

  private static void assertRefused(Runnable read, long block, String why) {
    assertThatThrownBy(read::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("Permission denied: block " + block).hasMessageContaining(why);
  }
}
