package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One run of an operation: how much it may do ({@link Level}), and what the
 * under storage answered in the operation's earlier runs. A run that finds
 * it needs more throws {@link PassTooWeak} and the operation runs again,
 * from the start, in the stronger pass, taking the UFS answers from the
 * weaker one: a re-sync or load found under path locks is applied with the
 * namespace to itself without asking the UFS again while holding it. An
 * exclusive run that follows a locked one never asks the UFS: when it needs
 * an answer the locked runs did not get (a load one level deeper), it throws
 * {@link UfsAnswerMissing} and the operation runs under path locks again,
 * keeping what the exclusive run committed; every round commits something,
 * so the rounds end.
 */
final class Pass {
  enum Level {
    /** On a gRPC transport thread: answers from the metastore only, never calls the UFS. */
    INLINE,
    /** Under path locks: may read the UFS and change the paths it write-locked, nothing else. */
    LOCKED,
    /** With the namespace to itself: may load and re-sync anything from the UFS. */
    EXCLUSIVE
  }

  /** A UFS read whose answer a later run of the operation reuses. */
  @FunctionalInterface
  interface UfsRead<T> {
    T read() throws FerryException;
  }

  private final Level level;
  private final Map<String, Object> ufsAnswers;
  /** True for an exclusive run after a locked one: it takes its UFS answers from the locked runs only. */
  private final boolean answersOnly;

  private Pass(Level level, Map<String, Object> ufsAnswers, boolean answersOnly) {
    this.level = level;
    this.ufsAnswers = ufsAnswers;
    this.answersOnly = answersOnly;
  }

  /** The first run of an operation. */
  static Pass first(Level level) {
    return new Pass(level, new HashMap<>(), false);
  }

  /** The exclusive run after this locked one, with the UFS answers of the locked runs. */
  Pass exclusiveAfter() {
    return new Pass(Level.EXCLUSIVE, ufsAnswers, true);
  }

  /** A locked run again after an exclusive one that missed a UFS answer, keeping the answers so far. */
  Pass lockedAgain() {
    return new Pass(Level.LOCKED, ufsAnswers, false);
  }

  void require(Level needed) {
    if (level.compareTo(needed) < 0) {
      throw PassTooWeak.INSTANCE;
    }
  }

  /**
   * Before a change in the UFS (a delete): it is made under path locks only.
   * An exclusive run that gets here (it applied a listing) hands the
   * operation back to a locked run, which finds the listing applied.
   */
  void beforeUfsChange() {
    require(Level.LOCKED);
    if (level == Level.EXCLUSIVE) {
      throw UfsAnswerMissing.INSTANCE;
    }
  }

  /** Records that the operation applied the listing of {@code uri}: its next runs need not apply it again. */
  void listingApplied(String uri) {
    ufsAnswers.put("applied " + uri, Boolean.TRUE);
  }

  /** True once an earlier run of the operation applied the listing of {@code uri}. */
  boolean wasListingApplied(String uri) {
    return ufsAnswers.containsKey("applied " + uri);
  }

  /** A file's or directory's UFS status, asked once per operation. */
  @SuppressWarnings("unchecked")
  Optional<UfsStatus> status(String uri, UfsRead<Optional<UfsStatus>> read) throws FerryException {
    return (Optional<UfsStatus>) remembered("status " + uri, read);
  }

  /** A directory's UFS listing, asked once per operation. */
  UfsMetadataSync.Listed listing(String uri, UfsRead<UfsMetadataSync.Listed> read) throws FerryException {
    return (UfsMetadataSync.Listed) remembered("listing " + uri, read);
  }

  private Object remembered(String key, UfsRead<?> read) throws FerryException {
    require(Level.LOCKED);
    Object answer = ufsAnswers.get(key);
    if (answer == null) {
      if (answersOnly) {
        throw UfsAnswerMissing.INSTANCE;
      }
      answer = read.read();
      ufsAnswers.put(key, answer);
    }
    return answer;
  }
}
