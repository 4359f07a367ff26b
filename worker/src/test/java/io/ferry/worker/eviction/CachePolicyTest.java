package io.ferry.worker.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachePolicyTest {
  @Test
  void lruEvictsTheLeastRecentlyUsedBlock() {
    CachePolicy lru = new CachePolicy(EvictionPolicy.LRU, 2);
    lru.access(1, 1);
    lru.access(2, 1);
    lru.access(1, 1);
    lru.access(3, 1); // evicts 2
    assertThat(lru.access(1, 1)).isTrue();
    assertThat(lru.access(2, 1)).isFalse();
  }
}
