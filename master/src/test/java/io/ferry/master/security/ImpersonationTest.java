package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImpersonationTest {
  private static final Identity FUSE = new Identity("fuse", List.of("services"));
  private final Impersonation impersonation = new Impersonation(Set.of("fuse"),
      new GroupLookup(Duration.ofMinutes(5), user -> List.of(user + "-group", "staff")));

  @Test
  void aCallActingForNoOneIsItsAuthenticatedUser() throws FerryException {
    assertThat(impersonation.actingAs(FUSE, null)).isSameAs(FUSE);
  }

  @Test
  void actingAsItselfNeedsNoRight() throws FerryException {
    Identity bob = new Identity("bob", List.of("gpu"));

    assertThat(impersonation.actingAs(bob, "bob")).isSameAs(bob);
  }

  @Test
  void anImpersonationUserActsAsTheStatedUserWithThatUsersGroupsFromTheMaster() throws FerryException {
    assertThat(impersonation.actingAs(FUSE, "alice")).isEqualTo(new Identity("alice", List.of("alice-group", "staff")));
  }

  @Test
  void anyoneElseIsRefusedNamingWhoAskedForWhomAndTheKey() {
    assertThatThrownBy(() -> impersonation.actingAs(new Identity("bob", List.of()), "alice"))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessage("Permission denied: user=bob may not act as alice (only the users of "
            + "ferry.security.impersonation.users may act for others)");
  }
}
