package io.ferry.master.load;

import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.TransportSecurity;
import io.grpc.ClientInterceptor;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.LoadBlocksRequest;
import io.ferry.proto.LoadBlocksResponse;
import io.ferry.proto.WorkerAddress;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The master's connections to workers, for LoadBlocks calls; one channel per worker address. */
public final class WorkerLoadClients implements AutoCloseable {
  private final WorkerChannels channels;
  private final Duration callTimeout;

  /** {@code credentials} prove the calls come from the master (workers take loads from no one else). */
  public WorkerLoadClients(Duration connectTimeout, TransportSecurity security, ClientInterceptor credentials,
      Duration callTimeout) {
    this.channels = new WorkerChannels(connectTimeout, security, credentials);
    this.callTimeout = callTimeout;
  }

  /** One LoadBlocks call; cancelled with the gRPC context it runs in. */
  LoadBlocksResponse load(WorkerAddress worker, LoadBlocksRequest request) throws FerryException {
    try {
      return BlockWorkerServiceGrpc.newBlockingStub(channels.channel(worker))
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .loadBlocks(request);
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e, "worker at " + WorkerChannels.key(worker));
    }
  }

  @Override
  public void close() {
    channels.close();
  }
}
