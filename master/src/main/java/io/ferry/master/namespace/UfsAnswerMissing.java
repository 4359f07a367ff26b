package io.ferry.master.namespace;

/**
 * Thrown by an exclusive run that needs a UFS answer the locked runs before
 * it did not get: the operation runs under path locks again (see {@link Pass}).
 */
final class UfsAnswerMissing extends RuntimeException {
  static final UfsAnswerMissing INSTANCE = new UfsAnswerMissing();

  private UfsAnswerMissing() {
    super(null, null, false, false);
  }
}
