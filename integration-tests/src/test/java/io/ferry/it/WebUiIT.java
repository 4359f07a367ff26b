package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.client.FerryClient;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The master's web UI in a real headless Chromium, against a master and two
 * workers started as processes of their own: every page loads without a
 * console error, the namespace browser shows a loaded file 100% cached, and a
 * running load job's progress moves on the jobs page. Screenshots of each
 * page go to target/web-ui (copied into docs/images by hand).
 */
class WebUiIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int CACHED_BYTES = 3_000_000;
  /** Enough small files, loaded a few per step, that the job runs for seconds. */
  private static final int SLOW_JOB_FILES = 1500;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed "
        + "(apt-get install -y chromium chromium-driver; bin/run-tests installs them)");
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(2)
        .masterProperty(PropertyKey.MASTER_LOAD_PAGE_FILES, 5).start();
    Path data = Files.createDirectories(cluster.rootUfs().resolve("data"));
    byte[] bytes = new byte[CACHED_BYTES];
    new Random(17).nextBytes(bytes);
    Files.write(data.resolve("cached.bin"), bytes);
    Path many = Files.createDirectories(cluster.rootUfs().resolve("many"));
    for (int i = 0; i < SLOW_JOB_FILES; i++) {
      Files.write(many.resolve(String.format("part-%05d", i)), new byte[64 << 10]);
    }
    try (FerryClient client = cluster.newClient()) {
      LoadJobStatus job = client.createLoadJob("/data", 1, 0);
      assertThat(new LoadJobWaiter(client, Duration.ofMillis(50)).await(job.jobId(), j -> { }).state())
          .isEqualTo(LoadJobStatus.State.COMPLETED);
    }
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Opens {@code hash} and waits until its page rendered. */
  private static void open(String hash) {
    browser.get("http://127.0.0.1:" + cluster.masterWebPort() + "/#" + hash);
    browser.navigate().refresh();
    String page = hash.split("\\?")[0];
    new WebDriverWait(browser, WAIT).until(b -> page.equals(b.findElement(By.tagName("body")).getAttribute("data-page"))
        || b.findElement(By.id("error")).isDisplayed());
  }

  private static List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  @ParameterizedTest
  @ValueSource(strings = {"overview", "workers", "mounts", "browse", "jobs", "masters"})
  void everyPageLoadsWithoutConsoleErrors(String page) throws Exception {
    open(page);

    assertThat(browser.findElement(By.id("error")).isDisplayed()).as(browser.findElement(By.id("error")).getText())
        .isFalse();
    assertThat(consoleErrors()).isEmpty();
    Path shots = Files.createDirectories(Path.of("target", "web-ui"));
    Files.write(shots.resolve(page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theNamespaceBrowserReachesALoadedFileAndShowsItFullyCached() {
    open("browse");
    browser.findElement(By.linkText("data/")).click();

    WebElement row = new WebDriverWait(browser, WAIT)
        .until(b -> b.findElement(By.xpath("//tr[td[1][text()='cached.bin']]")));
    assertThat(row.findElements(By.tagName("td")).get(2).getText()).isEqualTo("100.0%");
    assertThat(row.findElements(By.tagName("td")).get(4).getText()).contains("localhost:");
  }

  @Test
  void aRunningLoadJobsProgressMovesOnTheJobsPage() throws Exception {
    long jobId;
    try (FerryClient client = cluster.newClient()) {
      jobId = client.createLoadJob("/many", 1, 1).jobId();
    }
    open("jobs");
    By filesDone = By.xpath("//tr[td[1][text()='" + jobId + "']]/td[4]");

    String first = refreshingWait().until(b -> b.findElement(filesDone).getText());
    String later = refreshingWait().pollingEvery(Duration.ofMillis(100))
        .until(b -> {
          String now = b.findElement(filesDone).getText();
          return done(now) > done(first) ? now : null; // the total grows too while the job lists
        });

    assertThat(done(later)).isGreaterThan(done(first)).isLessThan(SLOW_JOB_FILES);
  }

  /** A wait on a page that re-renders itself: an element read as it is replaced is read again. */
  private static FluentWait<WebDriver> refreshingWait() {
    return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
  }

  /** The files done in a "done / total" cell. */
  private static long done(String cell) {
    return Long.parseLong(cell.split(" / ")[0]);
  }
}
