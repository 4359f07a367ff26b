package io.ferry.master.security;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.ferry.common.FerryPath;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.proto.CreateFilesRequest;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the {@link AuditLog} of the namespace service: every call of
 * {@link #CHANGES} that succeeds, and every call refused for want of
 * permission or identity. The user is the authenticated caller when the call
 * got that far, else the one the call claims (with authentication NONE,
 * always; a call refused by authentication is audited before its request is
 * read: no paths). A call acting for another user names both, as HDFS's
 * proxy users: {@code user=alice via fuse}. A batch of creates is one line per file.
 */
public final class AuditInterceptor implements ServerInterceptor {
  /**
   * The changes (method names of FileSystemMasterService): of the namespace, and of what is cached (free,
   * times to live, pins, persists, load jobs). Not CompleteFile: it ends the create that was audited, as in HDFS.
   */
  static final Set<String> CHANGES = Set.of("CreateFile", "CreateFiles", "CreateDirectory", "Delete",
      "Rename", "SetAttributes", "SetReplication", "Mount", "Unmount", "CreateLoadJob", "CancelLoadJob", "Free", "SetTtl", "SetPinned", "Persist");
  /** The user of a call refused before it proved one, and that claims none. */
  private static final String UNKNOWN = "-";
  /** Request fields that name the path an operation works on, first match wins; "dst" is its second path. */
  private static final String[] SOURCE_FIELDS = {"path", "src", "ferry_path", "directory"};

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    Message[] request = new Message[1];
    ServerCall<Q, R> audited = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        boolean denied = status.getCode() == Status.Code.PERMISSION_DENIED
            || status.getCode() == Status.Code.UNAUTHENTICATED;
        if (denied || (status.isOk() && CHANGES.contains(method))) {
          String user = CallerContext.current().map(Identity::user)
              .orElse(Optional.ofNullable(headers.get(SecurityHeaders.USER)).orElse(UNKNOWN))
              + CallerContext.proxy().map(proxy -> " via " + proxy).orElse("");
          String ip = ip(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
          for (String src : sources(request[0])) {
            AuditLog.record(!denied, user, ip, lowerFirst(method), src, field(request[0], "dst"));
          }
        }
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(audited, headers)) {
      @Override
      public void onMessage(Q message) {
        if (request[0] == null && message instanceof Message m) {
          request[0] = m;
        }
        super.onMessage(message);
      }
    };
  }

  /** The paths a request works on, one line each: its path field (null if none), or each file a batch creates. */
  private static List<String> sources(Message request) {
    if (request instanceof CreateFilesRequest batch && batch.getNamesCount() > 0) {
      return batch.getNamesList().stream().map(name -> FerryPath.join(batch.getDirectory(), name)).toList();
    }
    return Collections.singletonList(field(request, SOURCE_FIELDS));
  }

  /** The first of {@code names} the request has set; null if none. */
  private static String field(Message request, String... names) {
    if (request == null) {
      return null;
    }
    for (String name : names) {
      FieldDescriptor f = request.getDescriptorForType().findFieldByName(name);
      if (f != null && f.getType() == FieldDescriptor.Type.STRING && !f.isRepeated()) {
        return (String) request.getField(f);
      }
    }
    return null;
  }

  private static String ip(SocketAddress address) {
    return address instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : String.valueOf(address);
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
