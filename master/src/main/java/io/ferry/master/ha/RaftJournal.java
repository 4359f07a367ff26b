package io.ferry.master.ha;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.JournalBatch;
import io.ferry.master.journal.proto.JournalEntry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * The HA journal: a mutation's entries become one Raft log entry submitted
 * to this master's own Raft server. {@link #write} returns once a majority
 * has the entry and this master has applied it; a master that is not (or no
 * longer) the leader fails the write with NOT_LEADER, and the client retries
 * it, by its request id, on the new leader.
 */
final class RaftJournal implements Journal {
  private final LocalRaftCalls raft;
  private final LeaderAddresses leaders;
  private final LeaderConfirmation confirmation;

  RaftJournal(LocalRaftCalls raft, LeaderAddresses leaders, LeaderConfirmation confirmation) {
    this.raft = raft;
    this.leaders = leaders;
    this.confirmation = confirmation;
  }

  /** A read index: a majority acknowledges this leader now (the UFS change follows at once). */
  @Override
  public void confirmWriter() throws FerryException {
    try {
      confirmation.confirm().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof FerryException fe ? fe : leaders.notLeader("cannot confirm its lead: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while confirming the lead", e);
    }
  }

  @Override
  public void write(List<JournalEntry> entries) throws FerryException {
    if (entries.isEmpty()) {
      return;
    }
    byte[] batch = JournalBatch.newBuilder().addAllEntries(entries).build().toByteArray();
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(batch));
    RaftClientReply reply;
    try {
      reply = raft.submit(message, RaftClientRequest.writeRequestType()).get();
    } catch (IOException | ExecutionException e) {
      throw leaders.notLeader("the journal write failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while writing the journal", e);
    }
    if (reply.isSuccess()) {
      return;
    }
    NotLeaderException notLeader = reply.getNotLeaderException();
    if (notLeader != null || reply.getException() == null) {
      throw leaders.notLeader("it lost the lead");
    }
    if (reply.getStateMachineException() != null) {
      throw new FerryException(ErrorCode.INTERNAL, "Cannot apply a journal entry: "
          + reply.getStateMachineException().getMessage());
    }
    // Not replicated in time, leader stepping down, ...: not applied here; the client retries elsewhere.
    throw leaders.notLeader(reply.getException().getMessage());
  }
}
