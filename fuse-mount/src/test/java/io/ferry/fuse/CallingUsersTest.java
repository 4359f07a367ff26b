package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallingUsersTest {
  private final AtomicInteger lookups = new AtomicInteger();
  private final CallingUsers users = new CallingUsers(Duration.ofMinutes(5), uid -> {
    lookups.incrementAndGet();
    return Optional.ofNullable(Map.of(0L, "root", 1000L, "alice").get(uid));
  });

  @Test
  void aUidActsAsTheUserTheOsNamesIt() {
    assertThat(users.nameOf(1000)).isEqualTo("alice");
    assertThat(users.nameOf(0)).isEqualTo("root");
  }

  @Test
  void aUidWithoutANameActsAsNobody() {
    assertThat(users.nameOf(4242)).isEqualTo("nobody");
  }

  @Test
  void eachUidIsLookedUpOnceWhileCached() {
    users.nameOf(1000);
    users.nameOf(1000);
    users.nameOf(4242);
    users.nameOf(4242);

    assertThat(lookups).hasValue(2);
  }

  @Test
  void theOsLookupNamesThisProcesssUid() {
    long uid = new com.sun.security.auth.module.UnixSystem().getUid();

    assertThat(CallingUsers.ofOs().nameOf(uid)).isEqualTo(System.getProperty("user.name"));
  }
}
