package io.ferry.client;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.MasterConnection;
import io.ferry.proto.FileInfo;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.ListStatusResponse;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries of a directory, consumed from the master's ListStatus stream
 * page by page as the caller goes (gRPC flow control keeps memory bounded).
 * When a listing outlives the RPC deadline it resumes after the last name
 * returned, so huge directories list completely. Close it to stop early.
 */
public final class ListingIterator implements AutoCloseable {
  private final MasterClient master;
  private final MasterConnection.Failover failover;
  private final String path;
  private final boolean sync;
  private Context.CancellableContext context;
  private Iterator<ListStatusResponse> stream;
  private Iterator<FileInfo> page = Collections.emptyIterator();
  private String lastName;
  private boolean progressSinceOpen;
  private boolean done;

  ListingIterator(MasterClient master, String path, boolean sync) {
    this.master = master;
    this.path = path;
    this.sync = sync;
    this.failover = master.connection().failover();
  }

  public boolean hasNext() throws FerryException {
    while (!page.hasNext()) {
      if (done) {
        return false;
      }
      if (stream == null) {
        open();
      }
      try {
        if (!stream.hasNext()) {
          close();
          return false;
        }
        page = stream.next().getEntriesList().iterator();
      } catch (StatusRuntimeException e) {
        FerryException fe = master.fromStatus(e);
        if (fe.code() != ErrorCode.DEADLINE_EXCEEDED || !progressSinceOpen) {
          try {
            failover.next(fe); // another master may be the leader now
          } catch (FerryException notRetried) {
            close();
            throw notRetried;
          }
        }
        cancel(); // resume after lastName with a fresh deadline
      }
    }
    return true;
  }

  /** Whether {@link #next} answers from the page in hand, without waiting for the master. */
  public boolean hasBuffered() {
    return page.hasNext();
  }

  public PathStatus next() throws FerryException {
    if (!hasNext()) {
      throw new NoSuchElementException("No more entries in " + path);
    }
    PathStatus entry = ProtoConversions.pathStatus(page.next());
    lastName = entry.name();
    progressSinceOpen = true;
    return entry;
  }

  private void open() {
    ListStatusRequest.Builder request = ListStatusRequest.newBuilder().setPath(path).setSync(sync && lastName == null);
    if (lastName != null) {
      request.setStartAfter(lastName);
    }
    context = Context.current().withCancellation();
    Context previous = context.attach();
    try {
      stream = master.stubWithDeadline().listStatus(request.build());
    } finally {
      context.detach(previous);
    }
    progressSinceOpen = false;
  }

  private void cancel() {
    if (context != null) {
      context.cancel(null);
      context = null;
    }
    stream = null;
  }

  @Override
  public void close() {
    cancel();
    done = true;
  }
}
