package io.ferry.common.security;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What TLS costs a gRPC stream of block-sized messages, in CPU seconds per
 * GiB of this one JVM (server and client both): throughput on a shared VM
 * swings with the other work, the CPU a byte costs much less. One server
 * streaming call per round and kind of connection, the kinds taking turns:
 * plaintext, gRPC's own TLS (TlsServerCredentials/TlsChannelCredentials) and
 * Ferry's ({@link MultiRecordSslContext}), with {@link TestCertificates}. Not a
 * test: run by hand (docs/benchmarks.md, "Several records per unwrap").
 *   java -cp … io.ferry.common.security.TlsStreamCpu [MiB per round] [rounds] [message bytes]
 */
public final class TlsStreamCpu {
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream in) {
      try {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  private static final MethodDescriptor<byte[], byte[]> READ = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("bench/read")
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  private static final int WINDOW = 16 << 20; // as GrpcChannels sets it

  private record Kind(ServerCredentials server, ChannelCredentials channel) {}

  private TlsStreamCpu() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int messageBytes = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
    File cert = TestCertificates.cert();
    File key = TestCertificates.key();
    Map<String, Kind> kinds = new LinkedHashMap<>();
    kinds.put("plaintext", new Kind(InsecureServerCredentials.create(), InsecureChannelCredentials.create()));
    kinds.put("gRPC TLS", new Kind(TlsServerCredentials.create(cert, key),
        TlsChannelCredentials.newBuilder().trustManager(cert).build()));
    kinds.put("Ferry TLS", new Kind(
        NettySslContextServerCredentials.create(new MultiRecordSslContext(
            GrpcSslContexts.configure(SslContextBuilder.forServer(cert, key)).build())),
        NettySslContextChannelCredentials.create(new MultiRecordSslContext(
            GrpcSslContexts.forClient().trustManager(cert).build()))));
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    byte[] message = new byte[messageBytes];
    new Random(1).nextBytes(message);
    for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT and is not counted
      for (Map.Entry<String, Kind> k : kinds.entrySet()) {
        double secondsPerGib = stream(k.getValue(), message, mib, round, k.getKey());
        if (round > 0) {
          cpu.computeIfAbsent(k.getKey(), n -> new ArrayList<>()).add(secondsPerGib);
        }
      }
    }
    double plaintext = median(cpu.get("plaintext"));
    cpu.forEach((name, values) -> System.out.printf(Locale.ROOT, "median %-10s %.2f CPU s/GiB (+%.2f)%n", name,
        median(values), median(values) - plaintext));
  }

  /** Streams {@code mib} MiB over a new connection of {@code kind}; the JVM's CPU seconds per GiB. */
  private static double stream(Kind kind, byte[] message, long mib, int round, String name) throws Exception {
    long messages = (mib << 20) / message.length;
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench").addMethod(READ,
        ServerCalls.asyncServerStreamingCall((request, observer) -> {
          ServerCallStreamObserver<byte[]> out = (ServerCallStreamObserver<byte[]>) observer;
          long[] left = {messages};
          out.setOnReadyThreshold(2 * message.length);
          out.setOnReadyHandler(() -> {
            while (out.isReady() && left[0] > 0) {
              out.onNext(message);
              left[0]--;
            }
            if (left[0] == 0) {
              left[0] = -1;
              out.onCompleted();
            }
          });
        })).build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), kind.server())
        .directExecutor().flowControlWindow(WINDOW).maxInboundMessageSize(2 * message.length)
        .addService(service).build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.getPort(), kind.channel())
        .directExecutor().flowControlWindow(WINDOW).maxInboundMessageSize(2 * message.length).build();
    try {
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long bytes = 0;
      Iterator<byte[]> in = ClientCalls.blockingServerStreamingCall(channel, READ, CallOptions.DEFAULT, new byte[0]);
      while (in.hasNext()) {
        bytes += in.next().length;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double gib = bytes / (double) (1L << 30);
      double cpuPerGib = (os.getProcessCpuTime() - cpu0) / 1e9 / gib;
      System.out.printf(Locale.ROOT, "round %d %-10s %6.0f MB/s %5.2f CPU s/GiB (load %.1f)%n", round, name,
          bytes / seconds / 1e6, cpuPerGib, os.getSystemLoadAverage());
      return cpuPerGib;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
