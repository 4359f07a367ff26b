package io.ferry.master.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one line per namespace change and per denied access, on the
 * logger {@value #LOGGER} (conf/logback.xml sends it to its own file), in
 * HDFS's style: {@code allowed=true user=alice ip=127.0.0.1 cmd=delete src=/a dst=null}.
 */
public final class AuditLog {
  public static final String LOGGER = "ferry.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AuditLog() {}

  /** One entry; {@code dst} is null for operations on one path. */
  public static void record(boolean allowed, String user, String ip, String cmd, String src, String dst) {
    LOG.info("allowed={}\tuser={}\tip={}\tcmd={}\tsrc={}\tdst={}", allowed, user, ip, cmd, src, dst);
  }
}
