package io.ferry.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A JSON object of numbers, strings, booleans, nulls, nested objects and lists of them, in insertion order. */
public final class JsonObject {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /**
   * Adds a field (Number, String, Boolean, null, JsonObject or a List of
   * these); a NaN or infinite double is written as null.
   */
  public JsonObject put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** The fields in insertion order, read-only. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(quote(k)).append(':').append(value(v));
    });
    return sb.append('}').toString();
  }

  private static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
    }
    if (v instanceof Number || v instanceof Boolean || v instanceof JsonObject) {
      return v.toString();
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (Object e : list) {
        sb.append(sb.length() > 1 ? "," : "").append(value(e));
      }
      return sb.append(']').toString();
    }
    return quote(v.toString());
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
