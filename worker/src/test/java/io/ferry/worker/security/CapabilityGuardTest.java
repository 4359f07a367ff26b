package io.ferry.worker.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.BlockCapabilities;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.WriteFileHeader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CapabilityGuardTest {
  private static final long BLOCK = BlockIds.of(7, 2);
  private final CapabilityGuard guard = new CapabilityGuard(new BlockCapabilities(new byte[32]), Instant::now);

  @Test
  void offLetsEveryRequestThroughAsBefore() {
    assertThatCode(() -> {
      CapabilityGuard.OFF.checkRead(ReadBlockRequest.newBuilder().setBlockId(BLOCK).build());
      CapabilityGuard.OFF.checkWrite(WriteFileHeader.newBuilder().setFileId(7).build());
      CapabilityGuard.OFF.checkShortCircuit(BLOCK);
    }).doesNotThrowAnyException();
  }

  @Test
  void aReadWithoutCapabilityIsRefusedNamingTheBlock() {
    assertThatThrownBy(() -> guard.checkRead(ReadBlockRequest.newBuilder().setBlockId(BLOCK).build()))
        .isInstanceOf(FerryException.class)
        .hasMessageStartingWith("Permission denied: block " + BLOCK + " (file 7, index 2): no capability");
  }

  @Test
  void aWriteWithoutCapabilityIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> guard.checkWrite(WriteFileHeader.newBuilder().setFileId(7).build()))
        .hasMessageStartingWith("Permission denied: writing file 7: no capability");
  }

  @Test
  void shortCircuitIsRefusedWhenOn() {
    assertThatThrownBy(() -> guard.checkShortCircuit(BLOCK)).hasMessageContaining("short-circuit reads are off");
  }

  @Test
  void theCapabilityOfAWorkersOwnCopyReadsThatBlockOnly() {
    ReadBlockRequest copy = ReadBlockRequest.newBuilder().setBlockId(BLOCK).setCapability(guard.forCopy(BLOCK))
        .build();

    assertThatCode(() -> guard.checkRead(copy)).doesNotThrowAnyException();
    assertThatThrownBy(() -> guard.checkRead(copy.toBuilder().setBlockId(BlockIds.of(8, 0)).build()))
        .hasMessageContaining("capability issued for file 7, not file 8");
  }
}
