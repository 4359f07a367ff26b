package io.ferry.common.web;

import java.util.Optional;

/** Whether a process can take work now, as each daemon defines it (see {@link WebServer}'s /readyz). */
@FunctionalInterface
public interface Readiness {
  /** Empty when ready; otherwise why not, in words an operator understands. */
  Optional<String> notReadyBecause();
}
