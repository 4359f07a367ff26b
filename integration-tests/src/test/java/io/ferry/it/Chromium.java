package io.ferry.it;

import java.io.File;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's headless Chromium driven through its chromium-driver, for the web UI's browser tests. */
final class Chromium {
  private static final File BROWSER = new File("/usr/bin/chromium");
  private static final File DRIVER = new File("/usr/bin/chromedriver");

  private Chromium() {}

  static boolean installed() {
    return BROWSER.canExecute() && DRIVER.canExecute();
  }

  /** A headless browser that keeps its console messages (logs().get(LogType.BROWSER)). */
  static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions().setBinary(BROWSER)
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // the driver named here: Selenium Manager would otherwise look for one on the network
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
