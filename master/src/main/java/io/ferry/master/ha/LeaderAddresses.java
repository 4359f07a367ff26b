package io.ferry.master.ha;

import io.ferry.common.error.NotLeaderException;
import java.util.List;
import java.util.Optional;

/** Who leads, as this master last heard, in RPC addresses: the redirect a follower gives. */
final class LeaderAddresses {
  private final List<String> rpcAddresses;
  private final int self;
  private volatile Optional<String> leaderPeer = Optional.empty();

  LeaderAddresses(List<String> rpcAddresses, int self) {
    this.rpcAddresses = rpcAddresses;
    this.self = self;
  }

  void leaderChanged(Optional<String> peerId) {
    leaderPeer = peerId;
  }

  /** The leader's RPC address, if known and not this master. */
  Optional<String> leader() {
    return leaderPeer.map(HaConfig::indexOf).filter(i -> i != self).map(rpcAddresses::get);
  }

  String self() {
    return rpcAddresses.get(self);
  }

  String rpcAddress(String peerId) {
    return rpcAddresses.get(HaConfig.indexOf(peerId));
  }

  NotLeaderException notLeader(String why) {
    NotLeaderException e = new NotLeaderException(self(), leader());
    return why.isEmpty() ? e : NotLeaderException.withReason(e, why);
  }
}
