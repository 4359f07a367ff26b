package io.ferry.master.namespace;

/**
 * The child names after {@code after} ("" = from the first) up to and including {@code upTo}
 * (null = to the last), in the metastore's order: UTF-8 bytes, which is code point order.
 */
record NameRange(String after, String upTo) {
  static final NameRange ALL = new NameRange("", null);

  boolean contains(String name) {
    return compare(name, after) > 0 && (upTo == null || compare(name, upTo) <= 0);
  }

  /** Code point order; String.compareTo compares UTF-16 units, which differs past U+FFFF. */
  static int compare(String a, String b) {
    for (int i = 0, j = 0; i < a.length() && j < b.length(); ) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length(), b.length());
  }
}
