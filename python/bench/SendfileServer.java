import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The reference endpoint of s3_client_ceiling.py: a keep-alive HTTP/1.1
 * server on loopback that answers every request for .../NAME with the file
 * NAME of a directory, sent by sendfile(2) (FileChannel.transferTo), from a
 * thread per connection. No authentication, no parsing beyond the request
 * line: the least work any endpoint can do. Run from source, in its own
 * process (a server in the client's Python process would share its GIL):
 *
 *   java python/bench/SendfileServer.java DIRECTORY     (prints "port N")
 */
public final class SendfileServer {
  public static void main(String[] args) throws IOException {
    Path directory = Path.of(args[0]);
    ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    System.out.println("port " + ((InetSocketAddress) server.getLocalAddress()).getPort());
    System.out.flush();
    while (true) {
      SocketChannel connection = server.accept();
      Thread thread = new Thread(() -> serve(connection, directory), "sendfile");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private static void serve(SocketChannel connection, Path directory) {
    try (connection) {
      ByteBuffer in = ByteBuffer.allocate(64 << 10);
      while (true) {
        int end;
        while ((end = headersEnd(in)) < 0) {
          if (connection.read(in) < 0) {
            return;
          }
        }
        String target = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1).split(" ", 3)[1];
        in.flip().position(end + 4);
        in.compact();
        String path = target.split("\\?", 2)[0];
        sendFile(connection, directory.resolve(path.substring(path.lastIndexOf('/') + 1)));
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void sendFile(SocketChannel connection, Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file)) {
      long size = in.size();
      ByteBuffer headers = ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
          + "\r\nETag: \"0\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      while (headers.hasRemaining()) {
        connection.write(headers);
      }
      for (long sent = 0; sent < size; ) {
        sent += in.transferTo(sent, size - sent, connection);
      }
    }
  }

  /** Where the request's headers end (its blank line), or -1 while they have not all arrived. */
  private static int headersEnd(ByteBuffer in) {
    byte[] bytes = in.array();
    for (int i = 0; i + 3 < in.position(); i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
