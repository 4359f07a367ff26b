"""Reads a Ferry file from workers, one block reader at a time (FerryInputStream of the Java
client). A worker that fails is excluded for the rest of this reader and the read goes on at the
same position from the next candidate: the other holders of the block, then, when the file is
persisted, the live workers in placement order, which read it through from the under storage."""
import logging

import grpc

from . import errors, placement
from .block_readers import CHUNK_BYTES, GrpcBlockReader, LocalBlockReader, ferry_io_error
from .local_addresses import is_local
from .workers import block_stub
from ._proto import ferry_common_pb2 as cpb
from ._proto import ferry_master_pb2 as mpb
from ._proto import ferry_worker_pb2 as wpb

LOG = logging.getLogger(__name__)


def blocks_of(status) -> list:
    """The blocks of a file: the master's list carries the locations; any block it left out is
    derived from the file's id, length and block size."""
    if status.length > 0 and status.block_size <= 0:
        raise ferry_io_error(f"The master gave {status.path} no block size")
    count = 0 if status.length == 0 else -(-status.length // status.block_size)
    blocks = [cpb.BlockInfo(block_id=placement.block_id(status.id, i), offset=i * status.block_size,
                            length=min(status.block_size, status.length - i * status.block_size))
              for i in range(count)]
    for b in status.blocks:
        i = b.block_id & ((1 << placement.INDEX_BITS) - 1)
        if i < count and b.offset == blocks[i].offset:
            blocks[i] = b
    return blocks


def read_cached_here(ctx, status, start: int, end: int):
    """The bytes of [start, end) (start < end, within the file) when they lie in one block cached in the
    tier files of a worker on this host, read straight from its block file: no reader, no ranking of
    workers (a small file of a listing, the common case of a dataset). The copy here is a local holder,
    which FileReader would read first too. None otherwise (or when the file fails), for FileReader."""
    if not ctx.config.short_circuit or status.capability or status.is_directory or not status.complete:
        return None
    index = start // status.block_size if status.block_size > 0 else -1
    if index < 0 or (end - 1) // status.block_size != index:
        return None
    offset = index * status.block_size
    block = placement.block_id(status.id, index)
    for worker in ctx.live_workers.local():
        reader = LocalBlockReader.open_cached(worker, block, status.fingerprint,
                                              min(status.block_size, status.length - offset))
        if reader is None:
            continue
        try:
            data = _read_fully(reader, start - offset, end - start)
        except OSError:
            return None
        finally:
            reader.close()
        ctx.access_reporter.read_directly(worker, block)
        return data
    return None


def _read_fully(reader, pos: int, n: int) -> bytes:
    pieces = []
    while n > 0:
        data = reader.read(pos, n)
        pieces.append(data)
        pos += len(data)
        n -= len(data)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class FileReader:
    """Not thread-safe: one per open file (or per ranged read)."""

    def __init__(self, ctx, status):
        if status.is_directory:
            raise errors.ferry_error("IS_A_DIRECTORY", f"Cannot read {status.path}: it is a directory")
        if not status.complete:
            raise errors.ferry_error("INVALID_ARGUMENT",
                                     f"Cannot read {status.path}: it is still being written (not complete)")
        self._ctx = ctx
        self.status = status
        # the master's signature that lets workers serve this file (authentication on; "" otherwise)
        self._capability = status.capability
        self._blocks = blocks_of(status)
        self._excluded = set()  # "host:port" of the workers that failed this reader
        self._current = None
        self._current_index = -1

    @property
    def size(self) -> int:
        return self.status.length

    def read(self, start: int, end: int, sequential: bool = False) -> bytes:
        """The bytes of [start, end), cut at the end of the file. Sequential readers keep one block
        reader (a stream) across calls; other reads use one-off readers of just the range."""
        end = min(end, self.status.length)
        pieces = []
        pos = start
        while pos < end:
            block = self._blocks[pos // self.status.block_size]
            n = min(end, block.offset + block.length) - pos
            pieces.extend(self._read_in_block(block, pos - block.offset, n, sequential))
            pos += n
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)

    def _read_in_block(self, block, in_block: int, want: int, sequential: bool) -> list:
        index = block.offset // self.status.block_size
        pieces = []
        done = 0
        last_failure = None
        renewed = False
        while done < want:
            use_current = sequential or index == self._current_index
            reader = None
            try:
                if use_current:
                    reader = self._current_reader(index, in_block + done, last_failure)
                else:
                    reader = self._open_reader(block, in_block + done, want - done, last_failure)
                while done < want:
                    data = reader.read(in_block + done, want - done)
                    pieces.append(data)
                    done += len(data)
            except OSError as e:
                if errors.code_of(e) == "PERMISSION_DENIED" and not renewed:
                    # the capability expired, or the status had none (a listing's): ask the master,
                    # which checks read permission again; once per block read, as FerryInputStream
                    renewed = True
                    self._renew_capability()
                    if reader is self._current:
                        self._close_current()
                    continue
                if reader is None or not _is_worker_fault(e):
                    raise
                key = placement.worker_key(reader.worker)
                LOG.warning("Reading block %d of %s from worker at %s failed, trying another worker: %s",
                            index, self.status.path, key, e)
                self._excluded.add(key)
                last_failure = e
                if reader is self._current:
                    self._close_current()
            finally:
                if reader is not None and reader is not self._current:
                    reader.close()
        return pieces

    def _renew_capability(self):
        """A new capability for this file; the reader stays on the version it read."""
        status = self._ctx.master.call("GetStatus", mpb.GetStatusRequest(path=self.status.path, include_blocks=True))
        self._capability = status.capability

    def _current_reader(self, index: int, start: int, last_failure):
        if self._current is None or self._current_index != index:
            self._close_current()
            self._current = self._open_reader(self._blocks[index], start, -1, last_failure)
            self._current_index = index
        return self._current

    def _open_reader(self, block, start: int, length: int, last_failure):
        """A reader on the best worker left; a worker that fails to open is excluded too."""
        failure = last_failure
        while True:
            candidates = self._candidates(block)
            if not candidates:
                raise self._no_worker_left(block, failure)
            worker = candidates[0]
            try:
                return self._open_on(worker, block, start, length)
            except OSError as e:
                if not _is_worker_fault(e):
                    raise
                key = placement.worker_key(worker)
                LOG.warning("Opening block %d of %s on worker at %s failed, trying another worker: %s",
                            block.offset // self.status.block_size, self.status.path, key, e)
                self._excluded.add(key)
                failure = e

    def _candidates(self, block) -> list:
        """Holders first; the live workers (asked for only when needed) if the UFS can serve the block."""
        holders = placement.for_read(block, False, [], is_local, self._excluded)
        if holders or not self.status.persisted:
            return holders
        return placement.for_read(block, True, self._ctx.live_workers.get(), is_local, self._excluded)

    def _open_on(self, worker, block, start: int, length: int):
        """Short-circuit when the worker is on this host (straight from its block file when it is
        there, else after OpenLocalBlock), else a ReadBlock stream."""
        ctx = self._ctx
        # with authentication on workers hand out no block files: a file with a capability streams
        local = ctx.config.short_circuit and not self._capability and is_local(worker.host)
        if local:
            cached = LocalBlockReader.open_cached(worker, block.block_id, self.status.fingerprint, block.length)
            if cached is not None:
                ctx.access_reporter.read_directly(worker, block.block_id)
                return cached
        source = wpb.UfsBlockSource(mount_id=self.status.mount_id, ufs_uri=self.status.ufs_uri,
                                    block_start=block.offset, block_length=block.length,
                                    fingerprint=self.status.fingerprint)
        stub = block_stub(ctx.channels, worker)
        if local:
            # not cached there (or evicted): the worker fetches it and tells where it is
            try:
                opened = stub.OpenLocalBlock(wpb.OpenLocalBlockRequest(block_id=block.block_id, source=source),
                                             timeout=ctx.config.rpc_timeout)
            except grpc.RpcError as e:
                raise errors.from_rpc(e, "worker at " + placement.worker_key(worker)) from None
            if opened.length < block.length:
                raise ferry_io_error(f"Worker at {placement.worker_key(worker)} has {opened.length} bytes of "
                                     f"block {block.block_id} in {opened.path}, expected {block.length}")
            return LocalBlockReader.open(worker, opened.path, block.length)
        request = wpb.ReadBlockRequest(block_id=block.block_id, offset=start, length=length, source=source,
                                       chunk_size=CHUNK_BYTES, capability=self._capability)
        return GrpcBlockReader(worker, stub, request, block.length)

    def _no_worker_left(self, block, failure) -> OSError:
        index = block.offset // self.status.block_size
        if not self.status.persisted and not block.locations:
            return errors.ferry_error("DATA_LOST", f"Block {index} of {self.status.path} is cached on no worker "
                                                   "and the file is not persisted in its under storage (MUST_CACHE)")
        why = ("there are no live workers" if failure is None
               else f"tried {', '.join(sorted(self._excluded))}; last error: {failure}")
        return errors.ferry_error("UNAVAILABLE", f"No worker left to read block {index} of {self.status.path}: {why}")

    def _close_current(self):
        if self._current is not None:
            self._current.close()
            self._current = None
            self._current_index = -1

    def close(self):
        self._close_current()


def _is_worker_fault(e: OSError) -> bool:
    """Failures of the worker or the connection, which another worker may not have."""
    code = errors.code_of(e)
    return code is None or code in errors.WORKER_FAULTS
