"""Readers of one block: short-circuit from a worker's block file on this host, or over a worker's
ReadBlock stream (BlockReaderFactory, LocalBlockReader, GrpcBlockReader of the Java client).

A reader's read(pos_in_block, n) returns 1..n bytes at that position."""
import os
import threading

import google_crc32c
import grpc

from . import errors
from .placement import worker_key
from ._proto import ferry_worker_pb2 as wpb

CHUNK_BYTES = 256 << 10  # ReadBlock chunk size (ReadBlockStream.CHUNK_BYTES)
_CRC_PASS = 1 << 20


def block_file_name(block: int, fingerprint: str) -> str:
    """BlockFiles.fileName: "<block id>-<16 hex digits of SHA-256(fingerprint)>"."""
    import hashlib
    return f"{block}-{hashlib.sha256(fingerprint.encode('utf-8')).hexdigest()[:16]}"


class VerifiedBlockFiles:
    """Block files whose CRC32C matched their sidecar (<file>.crc, BlockChecksums). A file is checked
    again only when it changed since: another inode, ctime or size."""

    def __init__(self, max_files: int = 100_000):
        self._max = max_files
        self._good = {}
        self._lock = threading.Lock()

    def check(self, path: str, fd: int, st: os.stat_result) -> bool:
        """True if the file open as fd (whose fstat is st) matches its sidecar."""
        identity = (st.st_ino, st.st_ctime_ns, st.st_size)
        if self._good.get(path) == identity:
            return True
        expected = _sidecar_crc(path)
        if expected is None or expected[1] != st.st_size or _crc_of(fd, st.st_size) != expected[0]:
            self._good.pop(path, None)
            return False
        with self._lock:
            # when full, new files are not remembered: a dataset read in passes larger than the
            # cache keeps a stable share verified instead of forgetting each file before its next read
            if len(self._good) < self._max:
                self._good[path] = identity
        return True


def _sidecar_crc(path: str):
    """(crc32c, length) from the block's sidecar, a Java properties file; None when missing."""
    values = {}
    try:
        with open(path + ".crc", encoding="utf-8") as f:
            for line in f:
                key, sep, value = line.strip().partition("=")
                if sep:
                    values[key] = value
        return int(values["crc32c"], 16), int(values["length"])
    except (OSError, KeyError, ValueError):
        return None


def _crc_of(fd: int, size: int) -> int:
    crc = 0
    for pos in range(0, size, _CRC_PASS):
        crc = google_crc32c.extend(crc, os.pread(fd, min(_CRC_PASS, size - pos), pos))
    return crc


VERIFIED = VerifiedBlockFiles()


class LocalBlockReader:
    """Reads a block file of a worker on this host by pread: one copy, from the page cache. The open
    file keeps working after the worker evicts (deletes) it, until the reader is closed."""

    def __init__(self, worker, path: str, fd: int, length: int):
        self.worker = worker
        self._path = path
        self._fd = fd
        self._length = length

    @staticmethod
    def open(worker, path: str, length: int) -> "LocalBlockReader":
        """The block file a worker named in OpenLocalBlock."""
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        if os.fstat(fd).st_size < length:
            os.close(fd)
            raise ferry_io_error(f"Block file {path} of worker at {worker_key(worker)} is shorter than "
                                 f"{length} bytes")
        return LocalBlockReader(worker, path, fd, length)

    @staticmethod
    def open_cached(worker, block: int, fingerprint: str, length: int):
        """The block in the worker's tier directories, if it is cached there from this fingerprint
        and matches its checksum (a file under that name is complete and current); else None."""
        name = block_file_name(block, fingerprint)
        for tier_dir in worker.tier_dirs:
            path = os.path.join(tier_dir, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue  # not in this tier (evicted, never cached, or not readable by this user)
            try:
                st = os.fstat(fd)
                if st.st_size == length and VERIFIED.check(path, fd, st):
                    return LocalBlockReader(worker, path, fd, length)
            except OSError:
                pass
            os.close(fd)
        return None

    def read(self, pos: int, n: int) -> bytes:
        data = os.pread(self._fd, min(n, self._length - pos), pos)
        if not data:
            raise ferry_io_error(f"Block file {self._path} of worker at {worker_key(self.worker)} ended at "
                                 f"{pos} of {self._length} bytes")
        return data

    def close(self):
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class GrpcBlockReader:
    """Reads a block over a worker's ReadBlock stream, opened at the first read and reused while
    reads are sequential; a read elsewhere in the block cancels it and opens a new one there."""

    def __init__(self, worker, stub, request, block_length: int):
        self.worker = worker
        self._stub = stub
        self._request = request
        self._block_length = block_length
        self._stream = None
        self._chunk = b""
        self._chunk_pos = 0
        self._stream_pos = -1

    def read(self, pos: int, n: int) -> bytes:
        if pos != self._stream_pos:
            self._open(pos)
        try:
            while self._chunk_pos == len(self._chunk):
                self._chunk = next(self._stream).chunk
                self._chunk_pos = 0
        except StopIteration:
            raise ferry_io_error(f"Worker at {worker_key(self.worker)} ended block {self._request.block_id} "
                                 f"at {self._stream_pos} of {self._block_length} bytes") from None
        except grpc.RpcError as e:
            raise errors.from_rpc(e, "worker at " + worker_key(self.worker)) from None
        start = self._chunk_pos
        if start == 0 and n >= len(self._chunk):
            data = self._chunk  # the whole chunk: no copy
        else:
            data = self._chunk[start:start + n]
        self._chunk_pos += len(data)
        self._stream_pos += len(data)
        return data

    def _open(self, pos: int):
        self.close()
        request = self._request
        if not (self._stream_pos < 0 and pos == request.offset):
            request = wpb.ReadBlockRequest()
            request.CopyFrom(self._request)
            request.offset, request.length = pos, -1
        self._stream = self._stub.ReadBlock(request)
        self._stream_pos = pos

    def close(self):
        self._chunk, self._chunk_pos = b"", 0
        if self._stream is not None:
            self._stream.cancel()
            self._stream = None


def ferry_io_error(message: str) -> OSError:
    return errors.ferry_error("INTERNAL", message)
