package io.ferry.common.error;

import java.util.Optional;

/** A follower master refused a call; {@link #leader} is the leader's RPC address when the follower knows it. */
public final class NotLeaderException extends FerryException {
  private final String leader;

  public NotLeaderException(String self, Optional<String> leader) {
    this("Master " + self + " is not the leader" + leader.map(l -> "; the leader is " + l).orElse(""),
        leader.orElse(null));
  }

  NotLeaderException(String message, String leader) {
    super(ErrorCode.NOT_LEADER, message);
    this.leader = leader;
  }

  /** Rebuilt on the client from the wire: the message and the leader hint as the server sent them. */
  public static NotLeaderException fromWire(String message, String leader) {
    return new NotLeaderException(message, leader);
  }

  /** The same refusal, its message saying why (e.g. the lead was lost during the call). */
  public static NotLeaderException withReason(NotLeaderException e, String why) {
    return new NotLeaderException(e.getMessage() + " (" + why + ")", e.leader);
  }

  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }
}
