package io.ferry.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command line run needs from the shell that typed it: the arguments,
 * the caller's FERRY_* environment and ferry.* system properties (the
 * configuration comes from the caller, never from the daemon's own start),
 * its working directory (for relative local paths) and whether it runs on a
 * terminal. Written with JDK classes only: the client that sends it must start
 * as fast as {@code java -version}.
 */
record CallRequest(List<String> args, Map<String, String> env, Map<String, String> properties,
    String workingDirectory, boolean terminal) {
  /** Bumped on any change of the layout below; a daemon refuses another version. */
  static final int VERSION = 1;

  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(VERSION);
    writeList(out, args);
    writeMap(out, env);
    writeMap(out, properties);
    writeString(out, workingDirectory);
    out.writeBoolean(terminal);
    out.flush();
  }

  static CallRequest readFrom(DataInputStream in) throws IOException {
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("CLI request version " + version + ", this daemon speaks " + VERSION);
    }
    return new CallRequest(readList(in), readMap(in), readMap(in), readString(in), in.readBoolean());
  }

  private static void writeList(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      writeString(out, v);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(readString(in));
    }
    return values;
  }

  private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  private static Map<String, String> readMap(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }

  // length-prefixed UTF-8: writeUTF stops at 64 KiB and mangles NUL and surrogates
  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }
}
