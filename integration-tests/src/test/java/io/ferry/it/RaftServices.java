package io.ferry.it;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferry.common.grpc.RawCalls;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.grpc.AdminProtocolServiceGrpc;
import org.apache.ratis.proto.grpc.GrpcProtos;
import org.apache.ratis.proto.grpc.RaftClientProtocolServiceGrpc;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.ServiceDescriptor;
import org.apache.ratis.thirdparty.io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * Every gRPC method a master's Raft port serves (Ratis's server, client and
 * admin protocols). Ratis ships gRPC and protobuf shaded, so the request
 * types are rebuilt as plain protobuf descriptors from Ratis's own
 * descriptors: the fuzzer then makes their messages as it does Ferry's.
 */
final class RaftServices {
  private RaftServices() {}

  static List<GrpcServices.Method> all() throws InvalidProtocolBufferException, Descriptors.DescriptorValidationException {
    Map<String, Descriptors.Descriptor> types = new HashMap<>();
    addMessageTypes(plain(GrpcProtos.getDescriptor(), new HashMap<>()), types);
    List<GrpcServices.Method> methods = new ArrayList<>();
    for (ServiceDescriptor service : List.of(RaftServerProtocolServiceGrpc.getServiceDescriptor(),
        RaftClientProtocolServiceGrpc.getServiceDescriptor(), AdminProtocolServiceGrpc.getServiceDescriptor())) {
      for (org.apache.ratis.thirdparty.io.grpc.MethodDescriptor<?, ?> m : service.getMethods()) {
        String input = ((ProtoMethodDescriptorSupplier) m.getSchemaDescriptor()).getMethodDescriptor()
            .getInputType().getFullName();
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.newBuilder(RawCalls.BYTES, RawCalls.BYTES)
            .setFullMethodName(m.getFullMethodName())
            .setType(MethodDescriptor.MethodType.valueOf(m.getType().name()))
            .build();
        methods.add(new GrpcServices.Method(raw, types.get(input)));
      }
    }
    return methods;
  }

  /** A plain protobuf copy of a shaded file descriptor, with the copies of what it imports. */
  private static Descriptors.FileDescriptor plain(
      org.apache.ratis.thirdparty.com.google.protobuf.Descriptors.FileDescriptor shaded,
      Map<String, Descriptors.FileDescriptor> done)
      throws InvalidProtocolBufferException, Descriptors.DescriptorValidationException {
    Descriptors.FileDescriptor copy = done.get(shaded.getName());
    if (copy == null) {
      List<Descriptors.FileDescriptor> imports = new ArrayList<>();
      for (var dependency : shaded.getDependencies()) {
        imports.add(plain(dependency, done));
      }
      copy = Descriptors.FileDescriptor.buildFrom(FileDescriptorProto.parseFrom(shaded.toProto().toByteArray()),
          imports.toArray(new Descriptors.FileDescriptor[0]));
      done.put(shaded.getName(), copy);
    }
    return copy;
  }

  private static void addMessageTypes(Descriptors.FileDescriptor file, Map<String, Descriptors.Descriptor> types) {
    file.getMessageTypes().forEach(t -> types.put(t.getFullName(), t));
    file.getDependencies().forEach(d -> addMessageTypes(d, types));
  }
}
