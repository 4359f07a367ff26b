package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.LoadJobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadProgressBarTest {
  private static final long SECOND = 1_000_000_000L;

  private static LoadJobStatus job(long filesDone, long filesTotal, long bytesDone, long bytesTotal, boolean listed) {
    return new LoadJobStatus(1, "/data", 1, 0, LoadJobStatus.State.RUNNING, 0, 0, listed, filesTotal, filesDone, 2,
        bytesTotal, bytesDone, 0, List.of(), "");
  }

  @Test
  void showsFilesBytesRateEtaAndFailures() {
    LoadProgressBar bar = new LoadProgressBar(0, 0);

    String line = bar.render(job(50, 100, 100L << 20, 200L << 20, true), 10 * SECOND);

    assertThat(line).startsWith("[###############---------------]  50%")
        .contains("files 50/100 ", "bytes 100.00 MiB/200.00 MiB ", "10.00 MiB/s", "ETA 0:10", "failures 2");
  }

  @Test
  void totalsStillGrowingShowAPlusAndNoEta() {
    String line = new LoadProgressBar(0, 0).render(job(5, 10, 5, 10, false), SECOND);

    assertThat(line).contains("files 5/10+", "ETA ?");
  }

  @Test
  void durationsOverAnHourShowHours() {
    assertThat(LoadProgressBar.duration(3725)).isEqualTo("1:02:05");
    assertThat(LoadProgressBar.duration(75)).isEqualTo("1:15");
  }
}
