package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnersTest {
  @TempDir
  Path dir;

  @Test
  void accountLinesMapNamesToIds() throws Exception {
    Path passwd = dir.resolve("passwd");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/:/sbin/nologin\n");
    assertThat(Owners.idsByName(passwd)).isEqualTo(Map.of("root", 0L, "nobody", 65534L));
  }

  @Test
  void unknownNamesMapToTheMountsOwnUser() {
    Owners owners = new Owners(Map.of("alice", 1000L), Map.of("staff", 50L), 7, 8);
    assertThat(owners.uid("alice")).isEqualTo(1000);
    assertThat(owners.uid("bob")).isEqualTo(7);
    assertThat(owners.gid("staff")).isEqualTo(50);
    assertThat(owners.gid("")).isEqualTo(8);
  }

  @Test
  void unreadableFileMapsNothing() {
    assertThat(Owners.idsByName(dir.resolve("missing"))).isEmpty();
  }
}
