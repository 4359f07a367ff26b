package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.FerryException;
import io.ferry.common.security.BlockAccess;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.common.security.BlockCapability;
import io.ferry.common.security.BlockCapability.Access;
import io.ferry.common.security.Identity;
import io.ferry.proto.FileInfo;
import io.grpc.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class CapabilityIssuerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final FileInfo FILE = FileInfo.newBuilder().setId(7).setPath("/d/f").setMountId(1)
      .setUfsUri("file:///ufs/d/f").build();
  private final BlockCapabilities capabilities = new BlockCapabilities(new byte[32]);
  private final CapabilityIssuer issuer = new CapabilityIssuer(capabilities, PermissionChecker.OFF, Duration.ofMinutes(10), () -> NOW);

  @Test
  void aFileReadByACallerGetsAReadCapabilityOfItsUserForTheLifetime() throws Exception {
    FileInfo answer = asCaller("alice", () -> issuer.forRead(FILE));

    BlockCapability c = capabilities.check(answer.getCapability(),
        new BlockAccess("block", 7, Access.READ, 1, "file:///ufs/d/f"), NOW);
    assertThat(c).isEqualTo(new BlockCapability(7, Access.READ, 1, "file:///ufs/d/f", "alice",
        NOW.plus(Duration.ofMinutes(10))));
  }

  @Test
  void aCreatedFileGetsAWriteCapability() throws FerryException {
    FileInfo answer = issuer.forWrite(FILE);

    assertThat(capabilities.check(answer.getCapability(),
        new BlockAccess("file", 7, Access.WRITE, 1, "file:///ufs/d/f"), NOW).access()).isEqualTo(Access.WRITE);
  }

  @Test
  void aListedFileTheCallerMayReadGetsAReadCapability() throws Exception {
    FileInfo listed = FILE.toBuilder().setOwner("bob").setMode(0644).build();

    FileInfo answer = asCaller("alice", () -> checkingIssuer().forListed(listed));

    assertThat(capabilities.check(answer.getCapability(),
        new BlockAccess("block", 7, Access.READ, 1, "file:///ufs/d/f"), NOW).user()).isEqualTo("alice");
  }

  @Test
  void aListedFileTheCallerMayNotReadGetsNone() throws Exception {
    FileInfo listed = FILE.toBuilder().setOwner("bob").setMode(0600).build();

    assertThat(asCaller("alice", () -> checkingIssuer().forListed(listed))).isSameAs(listed);
  }

  @Test
  void aDirectoryGetsNone() {
    FileInfo dir = FileInfo.newBuilder().setId(3).setIsDirectory(true).build();

    assertThat(issuer.forRead(dir)).isSameAs(dir);
  }

  @Test
  void withAuthenticationOffAnswersAreLeftAsTheyAre() {
    assertThat(CapabilityIssuer.OFF.forRead(FILE)).isSameAs(FILE);
    assertThat(CapabilityIssuer.OFF.forWrite(FILE)).isSameAs(FILE);
  }

  /** An issuer that checks the permissions of the call's caller, as the master's does. */
  private CapabilityIssuer checkingIssuer() {
    PermissionChecker permissions = new PermissionChecker(CallerContext::current, new Superusers(Set.of(), ""), 022);
    return new CapabilityIssuer(capabilities, permissions, Duration.ofMinutes(10), () -> NOW);
  }

  private static FileInfo asCaller(String user, Callable<FileInfo> call) throws Exception {
    return Context.current().withValue(CallerContext.KEY, new Identity(user, List.of())).call(call);
  }
}
