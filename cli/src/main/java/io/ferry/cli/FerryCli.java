package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.cli.bench.BenchCommand;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * The {@code ferry} command line. {@link #run} is the testable entry point:
 * exit 0 on success, 1 with one line {@code ferry: <message>} on stderr when
 * the operation fails, 2 with the usage on a usage error.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCli.Version.class,
    description = "Ferry, a distributed caching file system for AI data.")
public final class FerryCli implements Runnable {
  private static final String LOGBACK_CONFIG = "ferry-cli-logback.xml";

  private final Supplier<FerryConfiguration> confSupplier;
  private final PrintStream out;
  private final PrintStream err;
  private final Caller caller;
  private FerryConfiguration conf;
  private FerryClient client;

  @Spec
  CommandSpec spec;

  // read from the arguments by the exception handler; declared so every command accepts it
  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Show the stack trace of a failure (also: environment FERRY_DEBUG=1).")
  boolean debug;

  FerryCli(Supplier<FerryConfiguration> confSupplier, PrintStream out, PrintStream err, Caller caller) {
    this.confSupplier = confSupplier;
    this.out = out;
    this.err = err;
    this.caller = caller;
  }

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command for this JVM's caller. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Caller.thisProcess());
  }

  /** Runs one command with the configuration, directory and terminal of {@code caller}. */
  public static int run(String[] args, PrintStream out, PrintStream err, Caller caller) {
    return new FerryCli(caller::configuration, out, err, caller).execute(args);
  }

  int execute(String[] args) {
    CommandLine commandLine = new CommandLine(this);
    CommandTree.addTo(commandLine, args);
    // after the commands are added: a converter reaches the subcommands present when it is registered
    commandLine.registerConverter(Path.class, p -> caller.workingDirectory().resolve(p));
    commandLine.registerConverter(Duration.class, PropertyType::parseDuration);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
      err.println("ferry: " + ErrorMessages.of(e));
      if ("1".equals(caller.env().get("FERRY_DEBUG")) || Arrays.asList(args).contains("--debug")) {
        e.printStackTrace(err);
      }
      return 1;
    });
    try {
      return commandLine.execute(args);
    } finally {
      if (client != null) {
        client.close();
      }
      out.flush();
      err.flush();
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  /** The configuration, loaded when a command first needs it. */
  public FerryConfiguration configuration() {
    if (conf == null) {
      conf = confSupplier.get();
    }
    return conf;
  }

  /** The client of this run, created when a command first needs it and closed at the end. */
  public FerryClient client() {
    if (client == null) {
      client = FerryClient.create(configuration());
    }
    return client;
  }

  /** Whether the caller's output goes to a terminal (progress redraws in place there). */
  public boolean terminal() {
    return caller.terminal();
  }

  public PrintStream out() {
    return out;
  }

  /** Where progress and details of a failure go (the failure's one line is printed by the exception handler). */
  public PrintStream err() {
    return err;
  }

  /** The version Maven wrote into version.properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = FerryCli.class.getResourceAsStream("/io/ferry/cli/version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {"Ferry " + p.getProperty("version", "(unknown version)")};
    }
  }
}
