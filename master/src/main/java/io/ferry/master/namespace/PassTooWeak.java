package io.ferry.master.namespace;

/** Thrown by a run of an operation that needs a stronger {@link Pass} than the one it runs in. */
final class PassTooWeak extends RuntimeException {
  static final PassTooWeak INSTANCE = new PassTooWeak();

  private PassTooWeak() {
    super(null, null, false, false);
  }
}
