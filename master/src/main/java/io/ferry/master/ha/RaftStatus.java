package io.ferry.master.ha;

/**
 * One master's view of the Raft quorum, for its metrics.
 *
 * @param role leader, follower, candidate or listener
 * @param term the current term
 * @param commitIndex the last log index the quorum committed, as this master knows it
 * @param appliedIndex the last log index this master applied to its metastore
 * @param followerLag on the leader, how many entries the slowest follower lacks of the committed log; 0 elsewhere
 */
public record RaftStatus(String role, long term, long commitIndex, long appliedIndex, long followerLag) {}
