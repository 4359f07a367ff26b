package io.ferry.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.PropertyKey;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master's start with mounts whose credentials were stored before they were encrypted. */
class StoredCredentialsTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @TempDir Path tmp;

  /** A metastore with a mount as masters of before encryption stored it: its credentials in clear text. */
  @BeforeEach
  void storeClearTextMount() throws Exception {
    TestMaster.start(tmp).close(); // the root
    try (MetaStore store = metastore()) {
      new MetaStateMachine(store, new MountTable(UnderFileSystems::create, MountCredentials.NONE))
          .apply(List.of(JournalEntry.newBuilder().setAddMount(MountRecord.newBuilder().setMountId(99)
              .setFerryPath("/old").setUfsUri("s3://bucket/old").putOptions("s3.secret-key", SECRET)).build()));
    }
  }

  private MetaStore metastore() throws Exception {
    return MetaStore.open(tmp.resolve("metastore"), 100);
  }

  private FerryMaster master(String secretKeyFile) {
    return new FerryMaster(TestMaster.settings(tmp)
        .set(PropertyKey.SECURITY_SECRET_KEY_FILE, secretKeyFile)
        .build());
  }

  @Test
  void theMasterEncryptsThemAtStart() throws Exception {
    try (FerryMaster master = master(tmp.resolve("secret.key").toString())) {
      master.start();
    }

    try (MetaStore store = metastore()) {
      MountRecord stored = store.mounts().stream().filter(m -> m.getMountId() == 99).findFirst().orElseThrow();
      assertThat(stored.getOptionsMap()).isEmpty();
      assertThat(stored.getEncryptedOptionsMap()).containsOnlyKeys("s3.secret-key");
    }
  }

  @Test
  void withoutAKeyTheMasterRefusesToStart() {
    try (FerryMaster master = master("")) {
      assertThatThrownBy(master::start).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("[/old]").hasMessageContaining("ferry.security.secret.key.file")
          .hasMessageNotContaining(SECRET);
    }
  }
}
