package io.ferry.master.metastore;

import io.ferry.master.journal.proto.MountRecord;

/** Told by {@link MetaStateMachine} about mounts once their entries are durable. */
public interface MountListener {
  void mountAdded(MountRecord mount);

  void mountRemoved(long mountId);
}
