package io.ferry.master.ha;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.MasterAddresses;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * An HA quorum as configured: every master's RPC and Raft address (same
 * order) and which of them this master is (its own host name and RPC port).
 */
public record HaConfig(List<String> rpcAddresses, List<String> raftAddresses, int self, Path raftDir,
    long snapshotThreshold, long logSegmentBytes) {

  private static final long MIN_SEGMENT_BYTES = 64 << 10;

  /** True when {@code ferry.master.addresses} names more than one master. */
  public static boolean enabled(FerryConfiguration conf) {
    return MasterAddresses.of(conf).size() > 1;
  }

  public static HaConfig from(FerryConfiguration conf) {
    List<String> rpc = MasterAddresses.of(conf);
    String raftList = conf.getString(PropertyKey.MASTER_RAFT_ADDRESSES).trim();
    if (raftList.isEmpty()) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_RAFT_ADDRESSES
          + "' is empty; with several masters in '" + PropertyKey.MASTER_ADDRESSES
          + "' it must list their Raft addresses in the same order");
    }
    List<String> raft = MasterAddresses.parse(PropertyKey.MASTER_RAFT_ADDRESSES, raftList);
    if (raft.size() != rpc.size()) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_RAFT_ADDRESSES + "' lists "
          + raft.size() + " addresses but '" + PropertyKey.MASTER_ADDRESSES + "' lists " + rpc.size());
    }
    String me = conf.getString(PropertyKey.MASTER_HOSTNAME) + ":" + conf.getInt(PropertyKey.MASTER_RPC_PORT);
    int self = rpc.indexOf(me);
    if (self < 0) {
      throw new ConfigurationException("This master (" + PropertyKey.MASTER_HOSTNAME + ":"
          + PropertyKey.MASTER_RPC_PORT + " = " + me + ") is not in '" + PropertyKey.MASTER_ADDRESSES + "' " + rpc);
    }
    int threshold = conf.getInt(PropertyKey.MASTER_RAFT_SNAPSHOT_THRESHOLD);
    if (threshold < 1) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_RAFT_SNAPSHOT_THRESHOLD
          + "' is " + threshold + "; it must be at least 1");
    }
    long segment = conf.getBytes(PropertyKey.MASTER_RAFT_LOG_SEGMENT_SIZE);
    if (segment < MIN_SEGMENT_BYTES) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_RAFT_LOG_SEGMENT_SIZE + "' is "
          + segment + " bytes; it must be at least " + MIN_SEGMENT_BYTES);
    }
    return new HaConfig(rpc, raft, self, Paths.get(conf.getString(PropertyKey.MASTER_RAFT_DIR)).toAbsolutePath(),
        threshold, segment);
  }

  /** The Raft peer id of master {@code i}: its position in the address lists. */
  static String peerId(int i) {
    return "m" + i;
  }

  static int indexOf(String peerId) {
    return Integer.parseInt(peerId.substring(1));
  }
}
