package io.ferry.client;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.proto.WorkerAddress;
import io.grpc.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A fake master and fake workers on loopback ports, sharing an in-memory UFS (URIs mem://PATH). */
public final class FakeCluster implements AutoCloseable {
  public final FakeMaster master = new FakeMaster();
  public final Map<String, byte[]> ufs = new ConcurrentHashMap<>();
  final List<FakeWorker> workers = new ArrayList<>();
  public final List<WorkerAddress> addresses = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final Server masterServer;

  public FakeCluster(int workerCount, Path blockDir) throws IOException {
    masterServer = start(master);
    for (int i = 0; i < workerCount; i++) {
      Path tierDir = Files.createDirectories(blockDir.resolve("worker-" + i));
      FakeWorker worker = new FakeWorker(ufs, tierDir);
      Server server = start(worker);
      WorkerAddress address = WorkerAddress.newBuilder().setWorkerId(i + 1).setHost("127.0.0.1")
          .setRpcPort(server.getPort()).addTierDirs(tierDir.toString()).build();
      workers.add(worker);
      addresses.add(address);
      master.addWorker(address);
    }
  }

  private Server start(io.grpc.BindableService service) throws IOException {
    Server server = GrpcServers.start("127.0.0.1", 0, service);
    servers.add(server);
    return server;
  }

  /** Puts a persisted file into the UFS and the namespace, cached on the given workers. */
  public byte[] addFile(String path, int length, long blockSize, WorkerAddress... holders) {
    byte[] data = new byte[length];
    new java.util.Random(length).nextBytes(data);
    ufs.put(FakeMaster.ufsUri(path), data);
    master.addFile(path, length, blockSize, true, holders);
    return data;
  }

  public FerryConfiguration conf(boolean shortCircuit) {
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.MASTER_RPC_PORT, masterServer.getPort())
        .set(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, shortCircuit)
        .set(PropertyKey.USER_RPC_TIMEOUT, "5s")
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    for (Server s : servers) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
