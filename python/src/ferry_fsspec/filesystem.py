"""The fsspec file system of ferry:// URLs: ferry://master:19998/path, or ferry:///path with the
master from the configuration (FERRY_MASTER_ADDRESSES, ferry.master.hostname...)."""
import datetime
import shutil

from fsspec.spec import AbstractBufferedFile, AbstractFileSystem
from fsspec.utils import stringify_path

from . import errors, paths
from .client import FerryClient
from .config import FerryConfig, check_write_type
from .status_cache import StatusCache

PROTOCOL = "ferry"
# how long listings (and the statuses in them) are reused, as the FUSE mount's metadata cache
DEFAULT_LISTINGS_EXPIRY = 60
_COPY_BUFFER = 4 << 20


class FerryFileSystem(AbstractFileSystem):
    """Options (all optional; the configuration decides the rest):

    master: "host:port", or "h1:p1,h2:p2,h3:p3" for an HA quorum (also from the URL)
    write_type: CACHE_THROUGH, THROUGH or MUST_CACHE (default: ferry.user.write.type)
    block_size: block size of new files, e.g. "64MB" (default: ferry.user.block.size)
    short_circuit: read blocks of a worker on this host from its files (default: true)
    rpc_timeout: seconds (default: ferry.user.rpc.timeout)
    use_listings_cache, listings_expiry_time (default 60 s), max_paths: fsspec's listings cache
    """

    protocol = (PROTOCOL,)
    root_marker = "/"

    def __init__(self, master=None, write_type=None, block_size=None, short_circuit=None, rpc_timeout=None,
                 **kwargs):
        kwargs.setdefault("listings_expiry_time", DEFAULT_LISTINGS_EXPIRY)
        super().__init__(**kwargs)
        self.master = master
        self.config = FerryConfig.load().with_options(master=master, write_type=write_type, block_size=block_size,
                                                      short_circuit=short_circuit, rpc_timeout=rpc_timeout)
        self.client = FerryClient(self.config)
        self._statuses = StatusCache(kwargs.get("use_listings_cache", True), kwargs["listings_expiry_time"])

    # ---- paths ----
    @classmethod
    def _strip_protocol(cls, path):
        if isinstance(path, (list, tuple)):
            return [cls._strip_protocol(p) for p in path]
        path = stringify_path(path)
        if path.startswith(PROTOCOL + "://"):
            rest = path[len(PROTOCOL) + 3:]
            slash = rest.find("/")
            path = rest[slash:] if slash >= 0 else "/"
        elif path.startswith(PROTOCOL + ":"):
            path = path[len(PROTOCOL) + 1:]
        return paths.normalize(path)

    @staticmethod
    def _get_kwargs_from_urls(path):
        path = stringify_path(path)
        if not path.startswith(PROTOCOL + "://"):
            return {}
        netloc = path[len(PROTOCOL) + 3:].split("/", 1)[0]
        return {"master": netloc} if netloc else {}

    def unstrip_protocol(self, name: str) -> str:
        if name.startswith(PROTOCOL + "://"):
            return name
        return f"{PROTOCOL}://{self.master or ''}{self._strip_protocol(name)}"

    # ---- metadata ----
    def ls(self, path, detail=True, refresh=False, **kwargs):
        """The entries of a directory; refresh=True also has the master re-sync it with the under
        storage (files added there behind Ferry's back appear)."""
        path = self._strip_protocol(path)
        entries = None if refresh else self.dircache.get(path)
        if entries is None:
            statuses = self._list(path, refresh)
            entries = [_entry(s) for s in statuses]
            if not (len(statuses) == 1 and statuses[0].path == path and not statuses[0].is_directory):
                self.dircache[path] = entries
        return entries if detail else [e["name"] for e in entries]

    def _list(self, path: str, sync: bool) -> list:
        """The statuses of a directory's entries, remembered for reads."""
        try:
            statuses = list(self.client.list_status(path, sync))
        except FileNotFoundError:
            if not sync:
                raise
            # a directory made in the under storage behind Ferry's back: sync the path itself first
            self.client.get_status(path, sync=True)
            statuses = list(self.client.list_status(path, sync))
        for status in statuses:
            self._statuses.put(status)
        return statuses

    def info(self, path, **kwargs):
        return _entry(self._status(self._strip_protocol(path)))

    def _status(self, path: str, include_blocks: bool = False):
        """The status from the last listing when it is fresh, else from the master."""
        status = None if include_blocks else self._statuses.get(path)
        return status if status is not None else self.client.get_status(path, include_blocks)

    def exists(self, path, **kwargs):
        try:
            self.info(path)
            return True
        except FileNotFoundError:
            return False

    def modified(self, path):
        return datetime.datetime.fromtimestamp(self.info(path)["mtime"], tz=datetime.timezone.utc)

    # ---- namespace changes ----
    def mkdir(self, path, create_parents=True, **kwargs):
        path = self._strip_protocol(path)
        self.client.create_directory(path, recursive=create_parents, allow_exists=False)
        self.invalidate_cache(path)

    def makedirs(self, path, exist_ok=False):
        path = self._strip_protocol(path)
        self.client.create_directory(path, recursive=True, allow_exists=exist_ok)
        self.invalidate_cache(path)

    def rmdir(self, path):
        self._delete(self._strip_protocol(path), recursive=False)

    def _rm(self, path):
        self._delete(self._strip_protocol(path), recursive=False)

    def rm_file(self, path):
        self._rm(path)

    def rm(self, path, recursive=False, maxdepth=None):
        """One Delete per path (recursive on the master), after glob expansion."""
        if maxdepth is not None:
            return super().rm(path, recursive=recursive, maxdepth=maxdepth)
        deleted = set()
        # a path and something below it may both match: delete the top one only
        for p in sorted(self.expand_path(path, recursive=False), key=len):
            if not any(a in deleted for a in paths.ancestors(p)):
                self._delete(p, recursive=recursive)
                deleted.add(p)

    def _delete(self, path: str, recursive: bool):
        self.client.delete(path, recursive=recursive)
        self.invalidate_cache(path)

    def mv(self, path1, path2, recursive=False, maxdepth=None, **kwargs):
        """A rename on the master (no copy); into path2 when it is an existing directory."""
        if isinstance(path1, (list, tuple)) or self._has_magic(path1):
            sources = self.expand_path(path1, recursive=False)
            target = self._strip_protocol(path2)
            for src in sources:
                self._rename(src, paths.join(target, src.rsplit("/", 1)[-1]))
            return
        src, dst = self._strip_protocol(path1), self._strip_protocol(path2)
        if dst != src and self.isdir(dst):
            dst = paths.join(dst, src.rsplit("/", 1)[-1])
        self._rename(src, dst)

    def _rename(self, src: str, dst: str):
        self.client.rename(src, dst)
        self.invalidate_cache(src)
        self.invalidate_cache(dst)

    @staticmethod
    def _has_magic(path) -> bool:
        return isinstance(path, str) and any(c in path for c in "*?[")

    def cp_file(self, path1, path2, **kwargs):
        with self.open(path1, "rb") as src, self.open(path2, "wb") as dst:
            shutil.copyfileobj(src, dst, _COPY_BUFFER)

    def invalidate_cache(self, path=None):
        if path is None:
            self.dircache.clear()
            self._statuses.invalidate()
            return
        path = self._strip_protocol(path)
        self._statuses.invalidate(path)
        self.dircache.pop(path, None)
        for ancestor in paths.ancestors(path):
            self.dircache.pop(ancestor, None)

    # ---- bytes ----
    def cat_file(self, path, start=None, end=None, **kwargs):
        """The bytes of [start, end) (negative: from the end), read straight from the workers."""
        path = self._strip_protocol(path)
        status = self._statuses.get(path)
        if status is not None:
            return self.read_status(status, start, end)
        return self._read_current(path, start, end)

    def read_status(self, status, start=None, end=None) -> bytes:
        """cat_file of a file whose status the caller has (from a listing): no call to the master.
        When the status turns out stale, the read is tried again with a fresh one."""
        try:
            return self._read_range(status, start, end)
        except OSError:
            self._statuses.invalidate(status.path)
        return self._read_current(status.path, start, end)

    def _read_current(self, path, start, end) -> bytes:
        """cat_file with the master's status. A file that changed in the under storage since the master
        last synced it (FILE_CHANGED from the worker) is read again after the master re-synced it."""
        try:
            return self._read_range(self.client.get_status(path, include_blocks=True), start, end)
        except OSError as e:
            if errors.code_of(e) != "FILE_CHANGED":
                raise
        return self._read_range(self.client.get_status(path, include_blocks=True, sync=True), start, end)

    def file_statuses(self, path, refresh=False) -> list:
        """The statuses of every file below a directory (or of the file itself), sorted by path;
        refresh as for ls."""
        out = []
        pending = [self._strip_protocol(path)]
        while pending:
            for status in self._list(pending.pop(), refresh):
                if status.is_directory:
                    pending.append(status.path)
                else:
                    out.append(status)
        return sorted(out, key=lambda s: s.path)

    def _read_range(self, status, start, end) -> bytes:
        size = status.length
        start = 0 if start is None else (max(0, size + start) if start < 0 else start)
        end = size if end is None else min(size, max(0, size + end) if end < 0 else end)
        if start < end:
            data = self.client.read_cached_here(status, start, end)
            if data is not None:
                return data
        reader = self.client.open_reader(status)
        try:
            return reader.read(start, end) if start < end else b""
        finally:
            reader.close()

    def pipe_file(self, path, value, mode="overwrite", **kwargs):
        with self.open(path, "wb" if mode == "overwrite" else "xb", **kwargs) as f:
            f.write(value)

    def _open(self, path, mode="rb", block_size=None, autocommit=True, cache_options=None, **kwargs):
        path = self._strip_protocol(path)
        if mode == "rb":
            reader = self.client.open_reader(self._status(path, include_blocks=True))
            return FerryFile(self, path, reader, block_size=block_size or "default",
                             cache_options=cache_options, **kwargs)
        if mode in ("wb", "xb"):
            return FerryWriteFile(self, path, mode, block_size=block_size or "default", **kwargs)
        raise ValueError(f"Cannot open {path} in mode '{mode}': Ferry files are written once, "
                         "whole (modes rb, wb, xb)")


def _entry(status) -> dict:
    return {
        "name": status.path,
        "size": 0 if status.is_directory else status.length,
        "type": "directory" if status.is_directory else "file",
        "mtime": status.mtime_ms / 1000.0,
        "mode": status.mode,
        "owner": status.owner,
        "group": status.group,
        "block_size": status.block_size,
        "replication": status.replication,
        "persisted": status.persisted,
        "complete": status.complete,
        "ufs_uri": status.ufs_uri,
    }


class FerryFile(AbstractBufferedFile):
    """A file open for reading: fsspec's read-ahead cache in front of a FileReader that keeps its
    block reader (a local file or a stream) across sequential fetches."""

    def __init__(self, fs, path, reader, **kwargs):
        self._reader = reader
        super().__init__(fs, path, mode="rb", size=reader.size, **kwargs)

    def _fetch_range(self, start, end):
        return self._reader.read(start, end, sequential=True)

    def close(self):
        super().close()
        self._reader.close()


class FerryWriteFile(AbstractBufferedFile):
    """A new file: created on the master at the first flush, its bytes streamed to a worker,
    complete (visible to readers) once closed. Options: write_type, replication, mode."""

    def __init__(self, fs, path, mode, write_type=None, replication=0, permissions=0, **kwargs):
        self._write_type = check_write_type(write_type) if write_type else None
        self._replication = replication
        self._permissions = permissions
        self._writer = None
        super().__init__(fs, path, mode=mode, **kwargs)

    def _initiate_upload(self):
        self._writer = self.fs.client.create_file(self.path, write_type=self._write_type,
                                                  overwrite=self.mode == "wb", mode=self._permissions,
                                                  replication=self._replication)

    def _upload_chunk(self, final=False):
        with self.buffer.getbuffer() as view:
            self._writer.write(view)
        if final:
            self._writer.close()
            self.fs.invalidate_cache(self.path)
        return True

    def discard(self):
        """Drops what was written: the incomplete file is removed."""
        if self._writer is not None:
            self._writer.abort()
            self.fs.invalidate_cache(self.path)
        self.closed = True

    def __exit__(self, exc_type, *rest):
        # an exception in the with block leaves no half-written file behind
        if exc_type is not None and not self.closed:
            self.discard()
        else:
            self.close()
