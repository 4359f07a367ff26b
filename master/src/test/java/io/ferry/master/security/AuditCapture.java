package io.ferry.master.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The audit log's lines while it is open (the tests' logback configuration logs WARN and above). */
final class AuditCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  AuditCapture() {
    appender.start();
    logger().setLevel(Level.INFO);
    logger().addAppender(appender);
  }

  List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger().detachAppender(appender);
    logger().setLevel(null);
  }

  private static Logger logger() {
    return (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
  }
}
