package io.ferry.worker.fetch;

import io.ferry.common.error.FerryException;
import io.ferry.proto.ReadBlockRequest;

/** The range of a block a read asks for, checked against the block: {@code length} bytes from {@code offset}. */
public record BlockRange(long offset, long length) {
  /** The request's range ({@code length} 0 or -1: to the end); it must lie within the block. */
  public static BlockRange of(ReadBlockRequest request, long blockLength) throws FerryException {
    long offset = request.getOffset();
    long requested = request.getLength();
    long length = requested == 0 || requested == -1 ? blockLength - offset : requested;
    if (offset < 0 || offset > blockLength || length < 0 || length > blockLength - offset) {
      throw FerryException.invalidArgument("Range offset " + offset + " length " + requested
          + " is outside block " + request.getBlockId() + " of " + blockLength + " bytes");
    }
    return new BlockRange(offset, length);
  }

  public long end() {
    return offset + length;
  }
}
