package io.ferry.worker;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.proto.GetMountRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.MountInfo;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.RegisterWorkerResponse;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A master's worker-facing service on a loopback port, recording what workers send. */
final class FakeMaster extends WorkerMasterServiceGrpc.WorkerMasterServiceImplBase implements Closeable {
  final List<RegisterWorkerRequest> registrations = new CopyOnWriteArrayList<>();
  final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
  private final Map<Long, MountInfo> mounts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<HeartbeatResponse> replies = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextWorkerId = new AtomicLong(1);
  private Server server;

  FakeMaster start(int port) throws IOException {
    server = GrpcServers.start("127.0.0.1", port, this);
    return this;
  }

  int port() {
    return server.getPort();
  }

  void mount(long mountId, String ufsUri) {
    mounts.put(mountId, MountInfo.newBuilder().setMountId(mountId).setFerryPath("/mnt" + mountId)
        .setUfsUri(ufsUri).build());
  }

  /** The answer to the next heartbeat (then NONE again). */
  void replyToNextHeartbeat(HeartbeatResponse response) {
    replies.add(response);
  }

  /** Every block id the worker reported as added, in registrations and heartbeats. */
  List<Long> reportedBlockIds() {
    List<Long> ids = new CopyOnWriteArrayList<>();
    registrations.forEach(r -> ids.addAll(r.getBlockIdsList()));
    heartbeats.forEach(h -> ids.addAll(h.getAddedBlockIdsList()));
    return ids;
  }

  List<Long> removedBlockIds() {
    return heartbeats.stream().flatMap(h -> h.getRemovedBlockIdsList().stream()).toList();
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerResponse> observer) {
    registrations.add(request);
    observer.onNext(RegisterWorkerResponse.newBuilder().setWorkerId(nextWorkerId.getAndIncrement()).build());
    observer.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
    heartbeats.add(request);
    HeartbeatResponse reply = replies.poll();
    observer.onNext(reply != null ? reply : HeartbeatResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void getMount(GetMountRequest request, StreamObserver<MountInfo> observer) {
    MountInfo mount = mounts.get(request.getMountId());
    if (mount == null) {
      GrpcErrors.fail(observer, FerryException.notFound("mount " + request.getMountId()));
      return;
    }
    observer.onNext(mount);
    observer.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
