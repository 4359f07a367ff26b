package io.ferry.worker;

import io.ferry.worker.block.BlockStore;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The worker's cache metrics, read at scrape time from its counters and block store. */
final class WorkerMetrics {
  private WorkerMetrics() {}

  static void register(PrometheusRegistry registry, WorkerCounters counters, BlockStore store) {
    CounterWithCallback.builder().name("ferry_worker_cache_hits_total")
        .help("Block reads served from the cache, per tier").labelNames("tier")
        .callback(c -> counters.hitsByTier().forEach((tier, hits) -> c.call(hits.blocks(), tier)))
        .register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_hit_bytes_total").unit(Unit.BYTES)
        .help("Bytes of the blocks served from the cache, per tier").labelNames("tier")
        .callback(c -> counters.hitsByTier().forEach((tier, hits) -> c.call(hits.bytes(), tier)))
        .register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_misses_total")
        .help("Block reads that fetched the block from the under storage")
        .callback(c -> c.call(counters.snapshot().getCacheMisses())).register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_miss_bytes_total").unit(Unit.BYTES)
        .help("Bytes of the blocks fetched from the under storage for reads that missed")
        .callback(c -> c.call(counters.cacheMissBytes())).register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_evictions_total")
        .help("Blocks the eviction policy took out of a tier (moved down or dropped), per tier").labelNames("tier")
        .callback(c -> store.movesByTier().forEach((tier, n) -> c.call(n.evictions(), tier))).register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_demotions_total")
        .help("Blocks evicted from a tier into the tier below, per tier they left").labelNames("tier")
        .callback(c -> store.movesByTier().forEach((tier, n) -> c.call(n.demotions(), tier))).register(registry);
    CounterWithCallback.builder().name("ferry_worker_cache_promotions_total")
        .help("Blocks read often from the tier below moved up into a tier, per tier they entered")
        .labelNames("tier")
        .callback(c -> store.movesByTier().forEach((tier, n) -> c.call(n.promotions(), tier))).register(registry);
    CounterWithCallback.builder().name("ferry_worker_ufs_read_bytes_total").unit(Unit.BYTES)
        .help("Bytes read from the under storage").callback(c -> c.call(counters.snapshot().getUfsBytesRead()))
        .register(registry);
    CounterWithCallback.builder().name("ferry_worker_served_bytes_total").unit(Unit.BYTES)
        .help("Bytes sent to clients over RPC").callback(c -> c.call(counters.snapshot().getBytesServed()))
        .register(registry);
    GaugeWithCallback.builder().name("ferry_worker_tier_capacity_bytes").unit(Unit.BYTES)
        .help("Capacity of each tier").labelNames("tier")
        .callback(c -> store.tierUsages().forEach(t -> c.call(t.getCapacityBytes(), t.getAlias())))
        .register(registry);
    GaugeWithCallback.builder().name("ferry_worker_tier_used_bytes").unit(Unit.BYTES)
        .help("Bytes of the blocks each tier holds").labelNames("tier")
        .callback(c -> store.tierUsages().forEach(t -> c.call(t.getUsedBytes(), t.getAlias())))
        .register(registry);
  }
}
