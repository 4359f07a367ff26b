"""File statuses seen in listings, so that reading a listed file needs no call to the master (as
the FUSE mount's metadata cache). Entries expire with the file system's listings cache."""
import time


class StatusCache:
    def __init__(self, enabled: bool, ttl):
        self._enabled = enabled
        self._ttl = ttl  # seconds; None = until invalidated
        self._entries = {}  # path -> (status, time stored)

    def put(self, status):
        if self._enabled:
            self._entries[status.path] = (status, time.monotonic())

    def get(self, path: str):
        entry = self._entries.get(path)
        if entry is None:
            return None
        if self._ttl is not None and time.monotonic() - entry[1] > self._ttl:
            self._entries.pop(path, None)
            return None
        return entry[0]

    def invalidate(self, path: str = None):
        """Forgets one path and everything below it; everything when path is None."""
        if path is None:
            self._entries.clear()
            return
        entry = self._entries.pop(path, None)
        if entry is None or entry[0].is_directory:
            prefix = path.rstrip("/") + "/"
            for p in [p for p in self._entries if p.startswith(prefix)]:
                del self._entries[p]
