package io.ferry.common.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.error.NotLeaderException;
import io.ferry.common.security.TransportSecurity;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Channels to every master, and calls that find the leader: a call goes to
 * the master that answered last; a follower's redirect moves it to the leader
 * it names, unless that master failed earlier in the same call (during an
 * election followers still name the dead leader); an unreachable or silent
 * master moves it to the next address.
 * With several masters a call is retried this way for the failover timeout,
 * so callers see no error while a new leader is elected. Mutations carry a
 * request id the masters deduplicate, so a retry is never applied twice:
 * with one master too, a mutation whose answer was lost (it came too late,
 * or the connection broke: the master may have applied it) or that found
 * the master unavailable (restarting) is retried for the failover timeout,
 * and the retry gets the first answer; one the master reports still in
 * progress is asked again for as long as the master says so. Any other call
 * with one master reports its failure at once, as before HA.
 */
public final class MasterConnection implements AutoCloseable {
  private static final long MAX_BACKOFF_MS = 500;

  private final List<String> addresses;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final Duration failoverTimeout;
  private final BiFunction<StatusRuntimeException, String, FerryException> errors;
  private volatile int current;

  /**
   * {@code errors} turns a failure and "master at host:port" into the error
   * callers see; the channels use {@code security}'s TLS.
   */
  public MasterConnection(List<String> addresses, Duration connectTimeout, Duration failoverTimeout,
      TransportSecurity security, BiFunction<StatusRuntimeException, String, FerryException> errors) {
    this.addresses = List.copyOf(addresses);
    this.failoverTimeout = failoverTimeout;
    this.errors = errors;
    for (String a : addresses) {
      channels.add(GrpcChannels.forAddress(MasterAddresses.host(a), MasterAddresses.port(a), connectTimeout,
          security));
    }
  }

  /** The RPC on one master's channel. */
  @FunctionalInterface
  public interface Rpc<T> {
    T call(ManagedChannel channel);
  }

  public <T> T call(Rpc<T> rpc) throws FerryException {
    return call(rpc, failover());
  }

  /**
   * A mutation with a request id (the masters apply it once): also retried
   * with one master (after its deadline passed, or the master was
   * unavailable), and while the master answers that its first attempt is
   * still in progress.
   */
  public <T> T callMutation(Rpc<T> rpc) throws FerryException {
    return call(rpc, new Failover(System.nanoTime() + failoverTimeout.toNanos(), true));
  }

  private <T> T call(Rpc<T> rpc, Failover failover) throws FerryException {
    while (true) {
      int index = current;
      try {
        return rpc.call(channels.get(index));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          // gRPC waits up to minutes (exponential backoff) before connecting again: the next call, ours or
          // the caller's own retry, connects at once, so a master that restarts is found when it is back
          channels.get(index).resetConnectBackoff();
        }
        failover.next(errors.apply(e, "master at " + addresses.get(index)));
      }
    }
  }

  /** The retry state of one call; for callers that drive a stream themselves. */
  public Failover failover() {
    return new Failover(System.nanoTime() + failoverTimeout.toNanos(), false);
  }

  /** Decides, after each failure of one call, whether and where it is tried again. */
  public final class Failover {
    private final long deadlineNanos;
    private long backoffMs = 20;
    private int blindMoves;
    /** Masters that did not answer during this call. */
    private final Set<Integer> unreachable = new HashSet<>();
    /** The call may be sent again whatever became of the first: a mutation with a request id. */
    private final boolean idempotent;

    private Failover(long deadlineNanos, boolean idempotent) {
      this.deadlineNanos = deadlineNanos;
      this.idempotent = idempotent;
    }

    /** Moves to the leader (or the next master) when {@code failure} calls for it; else throws it. */
    public void next(FerryException failure) throws FerryException {
      if (idempotent && failure.code() == ErrorCode.IN_PROGRESS) {
        return; // the master that runs it asks for patience: it waited most of the deadline already
      }
      // with one master only a mutation is sent again: whatever became of the first attempt, its request id
      // makes the retry safe; its failures there are a lost answer or a master restarting
      boolean oneMasterAndNotAMutation = addresses.size() == 1 && !idempotent;
      if (!retryable(failure) || oneMasterAndNotAMutation || System.nanoTime() > deadlineNanos) {
        throw failure;
      }
      if (failure.code() != ErrorCode.NOT_LEADER) {
        unreachable.add(current);
      }
      // while a new leader is elected, followers still name the dead one: that hint is not followed
      Optional<Integer> leader = leaderHint(failure).filter(i -> !unreachable.contains(i));
      current = leader.orElse((current + 1) % addresses.size());
      if (leader.isEmpty() && ++blindMoves % addresses.size() == 0) {
        sleep(backoffMs); // every master refused: an election is under way
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      }
    }
  }

  /** The channel to the master that answered last (for server streams the caller consumes itself). */
  public ManagedChannel currentChannel() {
    return channels.get(current);
  }

  /** The address of the master calls go to now. */
  public String currentAddress() {
    return addresses.get(current);
  }

  public List<String> addresses() {
    return addresses;
  }

  private static boolean retryable(FerryException e) {
    return e.code() == ErrorCode.NOT_LEADER || e.code() == ErrorCode.UNAVAILABLE
        || e.code() == ErrorCode.DEADLINE_EXCEEDED;
  }

  private Optional<Integer> leaderHint(FerryException e) {
    if (e instanceof NotLeaderException nle) {
      return nle.leader().map(addresses::indexOf).filter(i -> i >= 0);
    }
    return Optional.empty();
  }

  private static void sleep(long ms) throws FerryException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while looking for the leader master", e);
    }
  }

  @Override
  public void close() {
    channels.forEach(GrpcChannels::shutdown);
  }
}
