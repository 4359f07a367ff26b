package io.ferry.master.journal;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.JournalEntry;
import java.util.List;

/**
 * Where the namespace sends its mutations. When {@link #write} returns, the
 * entries are durable and applied; only then may the RPC be acknowledged.
 * The single-master journal applies locally; an HA journal (Ratis) would
 * replicate first and apply through the same state machine.
 */
public interface Journal {
  void write(List<JournalEntry> entries) throws FerryException;
}
