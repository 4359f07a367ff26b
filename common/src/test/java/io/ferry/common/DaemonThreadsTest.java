package io.ferry.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  private static final Runnable NOTHING = () -> {};

  @Test
  void aNamedFactoryGivesEveryThreadTheName() {
    ThreadFactory f = DaemonThreads.named("master-rpc");
    assertThat(f.newThread(NOTHING).getName()).isEqualTo("master-rpc");
    assertThat(f.newThread(NOTHING).getName()).isEqualTo("master-rpc");
  }

  @Test
  void aNumberedFactoryCountsFromOne() {
    ThreadFactory f = DaemonThreads.numbered("ferry-load");
    assertThat(f.newThread(NOTHING).getName()).isEqualTo("ferry-load-1");
    assertThat(f.newThread(NOTHING).getName()).isEqualTo("ferry-load-2");
  }

  @Test
  void everyThreadIsADaemonNotStartedYet() {
    Thread t = DaemonThreads.thread("fuse-loop", NOTHING);
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getState()).isEqualTo(Thread.State.NEW);
    assertThat(DaemonThreads.named("a").newThread(NOTHING).isDaemon()).isTrue();
    assertThat(DaemonThreads.numbered("b").newThread(NOTHING).isDaemon()).isTrue();
  }
}
