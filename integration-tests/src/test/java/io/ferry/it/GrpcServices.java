package io.ferry.it;

import com.google.protobuf.Descriptors;
import io.ferry.proto.FileInfo;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every gRPC method Ferry's protocol defines, found in the generated
 * {@code io.ferry.proto.*Grpc} classes: a service added later is covered
 * without a change here.
 */
final class GrpcServices {
  private static final String PACKAGE_DIR = "io/ferry/proto/";

  private GrpcServices() {}

  /** A method and the protobuf type of its requests. */
  record Method(MethodDescriptor<?, ?> grpc, Descriptors.Descriptor requestType) {
    String name() {
      return grpc.getFullMethodName();
    }
  }

  static List<Method> all() throws IOException, ReflectiveOperationException, URISyntaxException {
    List<Method> methods = new ArrayList<>();
    for (String className : grpcClassNames()) {
      ServiceDescriptor service = (ServiceDescriptor) Class.forName(className)
          .getMethod("getServiceDescriptor").invoke(null);
      for (MethodDescriptor<?, ?> m : service.getMethods()) {
        Descriptors.MethodDescriptor proto = ((ProtoMethodDescriptorSupplier) m.getSchemaDescriptor())
            .getMethodDescriptor();
        methods.add(new Method(m, proto.getInputType()));
      }
    }
    return methods;
  }

  /** The *Grpc classes next to the generated messages, in a directory of classes or in a jar. */
  private static List<String> grpcClassNames() throws IOException, URISyntaxException {
    Path location = Path.of(FileInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> entries = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve(PACKAGE_DIR))) {
        files.forEach(f -> entries.add(PACKAGE_DIR + f.getFileName()));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().forEach(e -> entries.add(e.getName()));
      }
    }
    List<String> names = new ArrayList<>();
    for (String e : entries) {
      if (e.startsWith(PACKAGE_DIR) && e.endsWith("Grpc.class") && e.indexOf('/', PACKAGE_DIR.length()) < 0) {
        names.add(e.substring(0, e.length() - ".class".length()).replace('/', '.'));
      }
    }
    Collections.sort(names);
    if (names.isEmpty()) {
      throw new IllegalStateException("No gRPC service classes found in " + location);
    }
    return names;
  }
}
