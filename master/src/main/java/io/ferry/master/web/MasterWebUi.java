package io.ferry.master.web;

import com.sun.net.httpserver.HttpHandler;
import io.ferry.common.web.ClasspathPages;
import io.ferry.master.ClusterReporter;
import io.ferry.master.load.LoadJobManager;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.security.Authenticator;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.GetMountTableResponse;
import io.ferry.proto.ListLoadJobsResponse;
import io.ferry.proto.web.WebOverview;
import io.ferry.proto.web.WebWorkers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The master's read-only web UI: static pages (overview, workers, mounts,
 * browse, load jobs, masters) that fetch the JSON API under {@code /api/},
 * which, with authentication on, answers authenticated callers only, as them.
 */
public final class MasterWebUi {
  /** Entries the namespace browser shows of one directory. */
  static final int BROWSE_LIMIT = 1000;

  private MasterWebUi() {}

  /**
   * The handlers to add to the master's web port.
   *
   * @param otherLeader the leader's RPC address, when another master leads
   * @param webAddresses where each master serves its web UI: a follower sends browsers to the leader's
   */
  public static Map<String, HttpHandler> handlers(ClusterReporter reporter, ReadHistory reads, Duration sampleEvery,
      FileSystemMaster fs, WorkerRegistry workers, LoadJobManager jobs, Supplier<Optional<String>> otherLeader,
      MasterWebAddresses webAddresses, Optional<Authenticator> authenticator) {
    NamespaceBrowser browser = new NamespaceBrowser(fs, BROWSE_LIMIT);
    Supplier<Optional<String>> leaderWeb = () -> otherLeader.get().map(webAddresses::webOf);
    WebApi api = new WebApi(Map.of(
        "overview", query -> WebOverview.newBuilder().setReport(reporter.report()).addAllReads(reads.samples())
            .setSampleIntervalMs(sampleEvery.toMillis()).setLeaderAddress(leaderWeb.get().orElse("")),
        "workers", query -> WebWorkers.newBuilder().addAllLive(workers.liveWorkers())
            .addAllLost(workers.lostWorkers()),
        "mounts", query -> GetMountTableResponse.newBuilder().addAllMounts(fs.mountTable()),
        "browse", query -> browser.list(query.getOrDefault("path", "/")),
        "jobs", query -> ListLoadJobsResponse.newBuilder().addAllJobs(jobs.list())), WebCallers.of(authenticator));
    HttpHandler pages = new ClasspathPages("io/ferry/master/web/ui", "index.html");
    return Map.of("/api/", api, "/", new LeaderRedirect(pages, leaderWeb));
  }
}
