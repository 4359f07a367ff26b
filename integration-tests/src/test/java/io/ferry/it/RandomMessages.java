package io.ferry.it;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Locale;
import java.util.Random;

/**
 * Well-formed protobuf messages of any type with hostile values: extreme
 * numbers, unknown enum values, empty, huge, deep or NUL-bearing strings.
 * Paths stay under {@link #FUZZ_DIR}, so a random delete or rename cannot hit
 * the files a test checks afterwards, and host names are the loopback's, so
 * nothing the fuzz registers makes a process reach off the machine.
 */
final class RandomMessages {
  static final String FUZZ_DIR = "/fuzz";
  private static final int MAX_NESTING = 3;
  private static final long[] EDGE_NUMBERS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
      Long.MIN_VALUE, 4096, 1L << 32};

  private final Random random;

  RandomMessages(Random random) {
    this.random = random;
  }

  DynamicMessage of(Descriptor type) {
    return of(type, 0);
  }

  private DynamicMessage of(Descriptor type, int nesting) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
    for (FieldDescriptor f : type.getFields()) {
      if (random.nextInt(3) == 0) {
        continue; // left unset
      }
      if (f.isRepeated()) {
        for (int n = random.nextInt(4); n > 0; n--) {
          b.addRepeatedField(f, value(f, nesting));
        }
      } else {
        b.setField(f, value(f, nesting));
      }
    }
    return b.build();
  }

  private Object value(FieldDescriptor f, int nesting) {
    return switch (f.getJavaType()) {
      case INT -> (int) number();
      case LONG -> number();
      case FLOAT -> random.nextBoolean() ? Float.NaN : (float) number();
      case DOUBLE -> random.nextBoolean() ? Double.POSITIVE_INFINITY : (double) number();
      case BOOLEAN -> random.nextBoolean();
      case STRING -> string(f.getName().toLowerCase(Locale.ROOT));
      case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(64)));
      case ENUM -> random.nextInt(4) == 0
          ? f.getEnumType().findValueByNumberCreatingIfUnknown(random.nextInt(1000) + 100)
          : f.getEnumType().getValues().get(random.nextInt(f.getEnumType().getValues().size()));
      case MESSAGE -> nesting < MAX_NESTING ? of(f.getMessageType(), nesting + 1)
          : DynamicMessage.getDefaultInstance(f.getMessageType());
    };
  }

  private long number() {
    return random.nextBoolean() ? EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)] : random.nextLong();
  }

  private String string(String fieldName) {
    if (fieldName.contains("host")) {
      return random.nextBoolean() ? "localhost" : "127.0.0.1";
    }
    if (fieldName.contains("path") || fieldName.contains("src") || fieldName.contains("dst")
        || fieldName.contains("dir")) {
      return path();
    }
    return text();
  }

  /** A path under FUZZ_DIR (or not absolute at all), often beyond a limit. */
  String path() {
    return switch (random.nextInt(8)) {
      case 0 -> FUZZ_DIR + "/" + text();
      case 1 -> FUZZ_DIR + "/d".repeat(random.nextInt(1200));
      case 2 -> FUZZ_DIR + "/" + "n".repeat(200 + random.nextInt(100));
      case 3 -> FUZZ_DIR + "/" + "p/".repeat(2000 + random.nextInt(1000));
      case 4 -> FUZZ_DIR + "/a\0b";
      case 5 -> text(); // relative or empty
      default -> FUZZ_DIR + "/f" + random.nextInt(20);
    };
  }

  /** Any characters, NUL included; now and then empty or 100,000 long. */
  String text() {
    int length = switch (random.nextInt(10)) {
      case 0 -> 0;
      case 1 -> 100_000;
      default -> random.nextInt(40);
    };
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      // well-formed UTF-16 (no lone surrogate): malformed UTF-8 is what random bytes are for
      s.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0xD800) : random.nextInt(0x80));
    }
    return s.toString();
  }

  byte[] bytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
