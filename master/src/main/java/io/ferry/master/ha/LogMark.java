package io.ferry.master.ha;

/**
 * A leader's Raft log at one moment: its term and the index its next entry
 * will take. An entry at {@code nextIndex} or later committed while the
 * term is still {@code term} was appended by this leader after the moment
 * and accepted by a majority: no other master had been elected by then.
 * (The term is read after the commit index: if it has not changed, the
 * commit index read was this leader's.)
 */
public record LogMark(long term, long nextIndex) {}
