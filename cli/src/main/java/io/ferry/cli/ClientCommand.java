package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the cluster through the run's {@link FerryClient}. */
public abstract class ClientCommand implements Callable<Integer> {
  @Spec
  protected CommandSpec spec;

  protected FerryCli cli() {
    return (FerryCli) spec.root().userObject();
  }

  @Override
  public Integer call() throws IOException {
    run(cli().client(), cli().out());
    return 0;
  }

  protected abstract void run(FerryClient client, PrintStream out) throws IOException;
}
