"""What the client keeps about workers: the master's list of live workers, and the reports of
blocks read straight from a worker's files."""
import atexit
import os
import threading
import time

import grpc

from .local_addresses import is_local
from .placement import worker_key
from ._proto import ferry_master_pb2 as mpb
from ._proto import ferry_worker_pb2 as wpb
from ._proto import ferry_worker_pb2_grpc as wpb_grpc


def block_stub(channels, worker) -> wpb_grpc.BlockWorkerServiceStub:
    return wpb_grpc.BlockWorkerServiceStub(channels.get(worker_key(worker)))


class LiveWorkers:
    """The master's list of live workers, reused for ferry.user.worker.list.refresh."""

    def __init__(self, master, refresh: float):
        self._master = master
        self._refresh = refresh
        self._workers = None
        self._fetched = 0.0
        self._local = []  # the addresses of the workers of self._local_of on this host
        self._local_of = None

    def get(self) -> list:
        if self._workers is None or time.monotonic() - self._fetched > self._refresh:
            self._workers = list(self._master.call("GetWorkers", mpb.GetWorkersRequest()).workers)
            self._fetched = time.monotonic()
        return self._workers

    def local(self) -> list:
        """The addresses of the live workers on this host (those a short-circuit read can use)."""
        workers = self.get()
        if workers is not self._local_of:
            self._local = [w.address for w in workers if is_local(w.address.host)]
            self._local_of = workers
        return self._local


class AccessReporter:
    """Tells workers which blocks this process read straight from their tier files (short-circuit
    without OpenLocalBlock), in batches off the read path, so their cache-hit counters and eviction
    policy still see those reads. Best effort: a failed report only skews statistics."""

    FLUSH_INTERVAL = 0.1
    CLOSE_DEADLINE = 2.0

    def __init__(self, channels):
        self._channels = channels
        self._lock = threading.Lock()
        self._pending = {}  # "host:port" -> (worker, [block ids])
        self._thread = None
        self._stopped = threading.Event()
        self._pid = os.getpid()

    def read_directly(self, worker, block: int):
        with self._lock:
            self._pending.setdefault(worker_key(worker), (worker, []))[1].append(block)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ferry-access-reporter", daemon=True)
                self._thread.start()
                atexit.register(self.close)

    def _run(self):
        while not self._stopped.wait(self.FLUSH_INTERVAL):
            self._flush(self.FLUSH_INTERVAL * 10)

    def _flush(self, timeout: float):
        with self._lock:
            batches, self._pending = list(self._pending.values()), {}
        for worker, blocks in batches:
            try:
                block_stub(self._channels, worker).ReportAccesses(
                    wpb.ReportAccessesRequest(block_ids=blocks), timeout=timeout)
            except grpc.RpcError:
                pass  # dropped: statistics only

    def close(self):
        """Sends what is left, so a short-lived process reports its reads too."""
        if os.getpid() != self._pid:
            return  # a forked child's copy: its channels belong to the parent
        self._stopped.set()
        self._flush(self.CLOSE_DEADLINE)
