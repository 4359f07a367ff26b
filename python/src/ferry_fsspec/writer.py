"""Writes a new Ferry file through one worker's WriteFile stream (FerryOutputStream of the Java
client): a header, then chunks of at most CHUNK_SIZE. A bounded queue feeds the stream, so a fast
writer blocks instead of buffering without bound. close() waits for the worker, then completes the
file on the master; any failure aborts the stream and removes the incomplete file."""
import logging
import queue

import grpc

from . import errors, placement
from .local_addresses import is_local
from ._proto import ferry_common_pb2 as cpb
from ._proto import ferry_master_pb2 as mpb
from ._proto import ferry_worker_pb2 as wpb

LOG = logging.getLogger(__name__)
CHUNK_SIZE = 1 << 20
_QUEUED_CHUNKS = 4
_POLL = 0.1


def _write_file(channel):
    """WriteFile as a request stream with one answer: the worker answers once more per sync the
    writer asks for (the Java client's FUSE flush), and this writer asks for none."""
    return channel.stream_unary("/ferry.BlockWorkerService/WriteFile",
                                request_serializer=wpb.WriteFileRequest.SerializeToString,
                                response_deserializer=wpb.WriteFileResponse.FromString)


class FileWriter:
    def __init__(self, ctx, status, worker, write_type: str, overwrite: bool):
        self._ctx = ctx
        self.status = status
        self._worker = worker
        self._queue = queue.Queue(maxsize=_QUEUED_CHUNKS)
        self._written = 0
        self._closed = False
        self._aborted = False
        header = wpb.WriteFileHeader(file_id=status.id, mount_id=status.mount_id, ufs_uri=status.ufs_uri,
                                     block_size=status.block_size, write_type=cpb.WriteType.Value(write_type),
                                     overwrite=overwrite, capability=status.capability)
        self._call = _write_file(ctx.channels.get(placement.worker_key(worker))).future(self._requests(header))

    @staticmethod
    def create(ctx, path: str, write_type: str, block_size: int, overwrite: bool, owner: str,
               mode: int = 0, replication: int = 0) -> "FileWriter":
        """Creates the file (and its missing parents) on the master and opens its stream to a worker:
        a local one if any, else the first choice of its block 0."""
        live = ctx.live_workers.get()
        if not live:
            raise errors.ferry_error("UNAVAILABLE", f"Cannot write {path}: the {ctx.master.target()} knows no "
                                                    "live workers")
        request = mpb.CreateFileRequest(path=path, block_size=block_size, mode=mode, overwrite=overwrite,
                                        recursive=True, write_type=cpb.WriteType.Value(write_type),
                                        replication=replication, owner=owner,
                                        request_id=ctx.master.new_request_id())
        status = ctx.master.call("CreateFile", request)
        return FileWriter(ctx, status, placement.for_write(status.id, live, is_local), write_type, overwrite)

    def _requests(self, header):
        yield wpb.WriteFileRequest(header=header)
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            yield wpb.WriteFileRequest(chunk=chunk)

    def write(self, data) -> int:
        if self._closed:
            raise ValueError(f"Write to a closed file: {self.status.path}")
        with memoryview(data) as view, view.cast("B") as octets:
            for pos in range(0, len(octets), CHUNK_SIZE):
                chunk = bytes(octets[pos:pos + CHUNK_SIZE])
                self._put(chunk)
                self._written += len(chunk)
            return len(octets)

    def _put(self, item):
        while True:
            if self._call.done():
                # the worker answered or failed before the end of the file: an error either way
                self._fail(self._call_failure() or errors.ferry_error(
                    "INTERNAL", f"Worker at {placement.worker_key(self._worker)} ended the write early"))
            try:
                self._queue.put(item, timeout=_POLL)
                return
            except queue.Full:
                continue

    def close(self):
        """Waits for the worker's answer, then completes the file on the master."""
        if self._closed:
            return
        try:
            self._put(None)
            self._closed = True
            try:
                done = self._call.result(timeout=self._ctx.config.rpc_timeout)
            except grpc.FutureTimeoutError:
                raise errors.ferry_error("DEADLINE_EXCEEDED", f"Worker at {placement.worker_key(self._worker)} "
                                         f"did not finish writing within {self._ctx.config.rpc_timeout:g}s") from None
            except grpc.RpcError as e:
                raise errors.from_rpc(e, "worker at " + placement.worker_key(self._worker)) from None
            if done.length != self._written:
                raise errors.ferry_error("DATA_LOST", f"Worker at {placement.worker_key(self._worker)} stored "
                                         f"{done.length} bytes, but {self._written} were written")
            self._ctx.master.call("CompleteFile", mpb.CompleteFileRequest(
                file_id=self.status.id, path=self.status.path, length=self._written, fingerprint=done.fingerprint))
        except OSError as e:
            self._fail(e)

    def _call_failure(self):
        try:
            self._call.result(timeout=0)
        except grpc.RpcError as e:
            return errors.from_rpc(e, "worker at " + placement.worker_key(self._worker))
        except Exception:  # noqa: BLE001 - cancelled or not done: no failure to report
            return None
        return None

    def _fail(self, e: OSError):
        named = e if self.status.path in str(e) else errors.ferry_error(
            errors.code_of(e) or "INTERNAL", f"Cannot write {self.status.path}: {e}")
        self.abort()
        raise named from None

    def abort(self):
        """Cancels the worker stream and removes the incomplete file, so a retry can create it again."""
        if self._aborted:
            return
        self._closed = self._aborted = True
        self._call.cancel()
        try:
            self._queue.put_nowait(None)  # ends the request generator, should gRPC still wait on it
        except queue.Full:
            pass
        try:
            self._ctx.master.call("Delete", mpb.DeleteRequest(path=self.status.path))
        except OSError as e:
            LOG.warning("Cannot remove the incomplete file %s after a failed write: %s", self.status.path, e)
