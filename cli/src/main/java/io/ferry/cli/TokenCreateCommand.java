package io.ferry.cli;

import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferry admin token create}: prints a token signed with the cluster's
 * token key (ferry.security.token.key.file). Only who can read that key can
 * sign, which is what makes this an admin command.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Print a signed token naming a user and its groups (admins only: it needs the token key).")
final class TokenCreateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--user", required = true, paramLabel = "USER", description = "The user the token names.")
  String user;

  @Option(names = "--groups", split = ",", paramLabel = "G", description = "Its groups, the primary one first.")
  List<String> groups = new ArrayList<>();

  @Option(names = "--ttl", defaultValue = "30d", paramLabel = "DURATION",
      description = "How long the token is valid (default 30d; units ms, s, m, h, d).")
  String ttl;

  @Override
  public Integer call() {
    Duration validity = PositiveDuration.parse(spec.commandLine(), "--ttl", ttl);
    FerryCli cli = (FerryCli) spec.root().userObject();
    byte[] key = TokenKeyFile.read(TokenKeyFile.of(cli.configuration()));
    try {
      cli.out().println(new Tokens(key).create(new Identity(user, groups), Instant.now().plus(validity)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return 0;
  }
}
