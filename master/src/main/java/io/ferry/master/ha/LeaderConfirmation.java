package io.ferry.master.ha;

import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * Confirms that this master still leads, so that what it reads next is not
 * stale (linearizable reads): a leader cut off from the others by a partition
 * must not answer while a new leader accepts writes. Ratis's read index: a
 * read-only request completes once a majority has acknowledged this leader
 * after the request arrived and this master has applied everything committed
 * before it. Every confirmation takes a round of heartbeats: Ratis's leader
 * lease is off ({@link RaftMasterNode}), and concurrent confirmations share
 * one round.
 */
final class LeaderConfirmation {
  private final LocalRaftCalls raft;
  private final LeaderAddresses leaders;
  private final Duration bound;

  /** Confirmations not done within {@code bound} (a cut-off leader gets no answers) fail. */
  LeaderConfirmation(LocalRaftCalls raft, LeaderAddresses leaders, Duration bound) {
    this.raft = raft;
    this.leaders = leaders;
    this.bound = bound;
  }

  /** Completes when this master is confirmed to lead; else fails with NOT_LEADER. */
  CompletableFuture<Void> confirm() {
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = raft.submit(Message.EMPTY, RaftClientRequest.readRequestType());
    } catch (IOException e) {
      return CompletableFuture.failedFuture(leaders.notLeader("cannot confirm its lead: " + e.getMessage()));
    }
    return reply.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS).handle((r, failure) -> {
      if (failure == null && r.isSuccess()) {
        return null;
      }
      throw new CompletionException(notConfirmed(r, failure));
    });
  }

  private FerryException notConfirmed(RaftClientReply reply, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return leaders.notLeader("no majority confirmed its lead within " + bound.toMillis() + " ms");
    }
    String why = cause != null ? cause.getMessage()
        : reply.getException() != null ? reply.getException().getMessage() : "its read index failed";
    return leaders.notLeader("cannot confirm its lead: " + why);
  }
}
