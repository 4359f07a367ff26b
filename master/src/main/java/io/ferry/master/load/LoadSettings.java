package io.ferry.master.load;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.time.Duration;

/** How load jobs batch, retry and resume (ferry.master.load.*). */
public record LoadSettings(int pageFiles, int batchBlocks, Duration batchTimeout, int retries, Duration retryBackoff,
    Duration resumeDelay) {

  public static LoadSettings from(FerryConfiguration conf) {
    return new LoadSettings(Math.max(1, conf.getInt(PropertyKey.MASTER_LOAD_PAGE_FILES)),
        Math.max(1, conf.getInt(PropertyKey.MASTER_LOAD_BATCH_BLOCKS)),
        conf.getDuration(PropertyKey.MASTER_LOAD_BATCH_TIMEOUT),
        Math.max(0, conf.getInt(PropertyKey.MASTER_LOAD_RETRIES)),
        conf.getDuration(PropertyKey.MASTER_LOAD_RETRY_BACKOFF),
        conf.getDuration(PropertyKey.MASTER_LOAD_RESUME_DELAY));
  }
}
