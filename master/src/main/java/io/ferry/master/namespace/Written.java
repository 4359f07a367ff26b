package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.Journal;

/** What an operation returned, and the wait that makes what it wrote durable (before it may be answered). */
record Written<T>(T result, Journal.DurableWait durable) {
  /** The result, once what the operation wrote is durable. */
  T durableResult() throws FerryException {
    durable.await();
    return result;
  }
}
