package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
  @Test
  void aLongMessageIsCutToFitInAHeader() {
    FerryException e = new FerryException(ErrorCode.NOT_FOUND, "No such file: /" + "ü".repeat(10_000));

    String description = GrpcErrors.toStatus(e).getStatus().getDescription();

    assertThat(description.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2003);
    assertThat(description).startsWith("No such file: /ü").endsWith("…");
  }

  @Test
  void aShortMessageIsKeptWhole() {
    FerryException e = new FerryException(ErrorCode.NOT_FOUND, "No such file: /a");

    assertThat(GrpcErrors.toStatus(e).getStatus().getDescription()).isEqualTo("No such file: /a");
  }

  @Test
  void aFullDiskIsNoSpaceAndOtherIoFailuresUfsErrors() {
    assertThat(GrpcErrors.asFerryException(new java.io.IOException("No space left on device")).code())
        .isEqualTo(ErrorCode.NO_SPACE);
    assertThat(GrpcErrors.asFerryException(new java.io.IOException("Input/output error")).code())
        .isEqualTo(ErrorCode.UFS_ERROR);
  }

  @Test
  void aCodeThisVersionDoesNotKnowFallsBackToTheStatusCode() {
    Metadata trailers = new Metadata();
    trailers.put(Metadata.Key.of("ferry-error-code", Metadata.ASCII_STRING_MARSHALLER), "A_NEWER_CODE");
    StatusRuntimeException e = Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException(trailers);

    FerryException mapped = GrpcErrors.fromStatus(e, "master at h:1");

    assertThat(mapped.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(mapped).hasMessageContaining("bad");
  }
}
