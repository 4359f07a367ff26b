"""The Ferry client: metadata from the master, bytes from the workers.

Connections are made on first use in each process. A forked child (a DataLoader worker, for one)
never uses its parent's gRPC channels: os.register_at_fork drops them in the child, which opens
its own on its first call."""
import os
import threading
import weakref

from . import paths
from .channels import Channels
from .credentials import os_user
from .master import MasterClient
from .reader import FileReader, read_cached_here
from .workers import AccessReporter, LiveWorkers
from .writer import FileWriter
from ._proto import ferry_master_pb2 as mpb

_CLIENTS = weakref.WeakSet()
# the parent's connections, kept referenced in a forked child so that nothing there closes them
_INHERITED = []


class _Connections:
    """What the readers and writers of one client share in one process."""

    def __init__(self, config):
        self.config = config
        self.channels = Channels(config)
        self.master = MasterClient(config, self.channels)
        self.live_workers = LiveWorkers(self.master, config.worker_list_refresh)
        self.access_reporter = AccessReporter(self.channels)

    def close(self):
        self.access_reporter.close()
        self.channels.close()


class FerryClient:
    def __init__(self, config):
        self.config = config
        self._lock = threading.Lock()
        self._connections = None
        _CLIENTS.add(self)

    @property
    def _ctx(self) -> _Connections:
        if self._connections is None:
            with self._lock:
                if self._connections is None:
                    self._connections = _Connections(self.config)
        return self._connections

    def _forget_connections(self):
        if self._connections is not None:
            _INHERITED.append(self._connections)
            self._connections = None
        self._lock = threading.Lock()

    def get_status(self, path: str, include_blocks: bool = False, sync: bool = False):
        """The status of a path; with sync, after the master re-synced it with the under storage."""
        return self._ctx.master.call("GetStatus", mpb.GetStatusRequest(
            path=paths.normalize(path), include_blocks=include_blocks, sync=sync))

    def list_status(self, path: str, sync: bool = False):
        """The children of a directory (or the file itself), streamed page by page; with sync, after
        the master re-synced the directory with the under storage."""
        return self._ctx.master.list_status(paths.normalize(path), sync)

    def create_directory(self, path: str, recursive: bool, allow_exists: bool):
        master = self._ctx.master
        return master.call("CreateDirectory", mpb.CreateDirectoryRequest(
            path=paths.normalize(path), recursive=recursive, allow_exists=allow_exists, owner=os_user(),
            request_id=master.new_request_id()))

    def delete(self, path: str, recursive: bool):
        master = self._ctx.master
        master.call("Delete", mpb.DeleteRequest(path=paths.normalize(path), recursive=recursive,
                                                request_id=master.new_request_id()))

    def rename(self, src: str, dst: str):
        master = self._ctx.master
        master.call("Rename", mpb.RenameRequest(src=paths.normalize(src), dst=paths.normalize(dst),
                                                request_id=master.new_request_id()))

    def set_replication(self, path: str, replication: int):
        return self._ctx.master.call("SetReplication", mpb.SetReplicationRequest(
            path=paths.normalize(path), replication=replication))

    def cluster_report(self):
        """The master's report: live workers, capacity, and with several masters who leads."""
        return self._ctx.master.call("GetClusterReport", mpb.GetClusterReportRequest())

    def workers(self) -> list:
        """The live workers, asked of the master now."""
        return list(self._ctx.master.call("GetWorkers", mpb.GetWorkersRequest()).workers)

    def open_reader(self, status) -> FileReader:
        """A reader of the file whose status the caller has (with or without block locations)."""
        return FileReader(self._ctx, status)

    def read_cached_here(self, status, start: int, end: int):
        """The bytes of [start, end) of the file when a worker on this host has them in one cached block
        (read from its block file, nothing asked of anyone); None when they must go through a reader."""
        return read_cached_here(self._ctx, status, start, end)

    def create_file(self, path: str, write_type: str = None, block_size: int = None, overwrite: bool = True,
                    mode: int = 0, replication: int = 0) -> FileWriter:
        """Creates a file (and its missing parents); it appears complete when the writer is closed."""
        return FileWriter.create(self._ctx, paths.normalize(path), write_type or self.config.write_type,
                                 block_size or self.config.block_size, overwrite, os_user(), mode, replication)

    def close(self):
        with self._lock:
            connections, self._connections = self._connections, None
        if connections is not None:
            connections.close()

