package io.ferry.master.namespace;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.time.Duration;

/** The settings the namespace reads, taken once from the configuration. */
public record NamespaceConfig(long defaultBlockSize, Duration defaultSyncInterval, int listingPageSize,
    Duration ufsCheckTimeout, Duration cacheOnlyReportWait) {
  public static NamespaceConfig from(FerryConfiguration conf) {
    return new NamespaceConfig(conf.getBytes(PropertyKey.USER_BLOCK_SIZE),
        conf.getDuration(PropertyKey.MASTER_UFS_SYNC_INTERVAL),
        Math.max(1, conf.getInt(PropertyKey.MASTER_LISTING_PAGE_SIZE)),
        conf.getDuration(PropertyKey.MASTER_UFS_CHECK_TIMEOUT),
        conf.getDuration(PropertyKey.MASTER_CACHE_ONLY_REPORT_WAIT));
  }
}
