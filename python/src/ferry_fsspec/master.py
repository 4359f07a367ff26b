"""Calls to the master, finding the leader among several (MasterClient + MasterConnection of the
Java client): a call goes to the master that answered last; a follower's NOT_LEADER redirect moves
it to the leader it names; an unreachable master moves it to the next address. With several
masters a call is retried this way for the failover timeout; with one, a failure is raised at once.
Mutations carry a request id that the masters deduplicate, so a retry is never applied twice."""
import itertools
import time
import uuid

import grpc

from . import errors
from ._proto import ferry_master_pb2 as pb
from ._proto import ferry_master_pb2_grpc as pb_grpc

_MAX_BACKOFF = 0.5


class MasterClient:
    def __init__(self, config, channels):
        self._config = config
        self._channels = channels
        self.addresses = list(config.master_addresses)
        self._current = 0
        self._client_id = str(uuid.uuid4())
        self._requests = itertools.count(1)

    def target(self) -> str:
        return "master at " + self.current_address()

    def current_address(self) -> str:
        """The master calls go to now."""
        return self.addresses[self._current]

    def move(self, leader) -> bool:
        """Moves calls to the leader a follower named, else to the next master; True for a blind move."""
        if leader in self.addresses:
            self._current = self.addresses.index(leader)
            return False
        self._current = (self._current + 1) % len(self.addresses)
        return True

    def new_request_id(self) -> str:
        """A new id for one mutation: its retries carry the same id, so the master applies it once."""
        return f"{self._client_id}-{next(self._requests)}"

    def _stub(self):
        return pb_grpc.FileSystemMasterServiceStub(self._channels.get(self.addresses[self._current]))

    def call(self, method: str, request):
        """A unary call (e.g. "GetStatus"), retried on the new leader after a failover."""
        failover = self.failover()
        while True:
            target = self.target()
            try:
                return getattr(self._stub(), method)(request, timeout=self._config.rpc_timeout)
            except grpc.RpcError as e:
                failover.next(errors.from_rpc(e, target))

    def failover(self) -> "_Failover":
        return _Failover(self, time.monotonic() + self._config.failover_timeout)

    def list_status(self, path: str, sync: bool = False, page_size: int = 0):
        """The entries of a directory (or the file itself), page by page as the caller consumes them.
        A listing that outlives the RPC deadline resumes after the last name returned."""
        failover = self.failover()
        last_name = None
        while True:
            request = pb.ListStatusRequest(path=path, sync=sync and last_name is None, page_size=page_size,
                                           start_after=last_name or "")
            target = self.target()
            progress = False
            stream = self._stub().ListStatus(request, timeout=self._config.rpc_timeout)
            try:
                for page in stream:
                    for entry in page.entries:
                        last_name = entry.name
                        progress = True
                        yield entry
                return
            except grpc.RpcError as e:
                err = errors.from_rpc(e, target)
                if errors.code_of(err) != "DEADLINE_EXCEEDED" or not progress:
                    failover.next(err)
            finally:
                stream.cancel()


class _Failover:
    """Decides, after each failure of one call, whether and where it is tried again."""

    def __init__(self, master: MasterClient, deadline: float):
        self._master = master
        self._deadline = deadline
        self._backoff = 0.02
        self._blind_moves = 0
        self._unreachable = set()  # masters that did not answer during this call

    def next(self, failure: OSError):
        """Moves to the leader (or the next master) when the failure calls for it; else raises it."""
        n = len(self._master.addresses)
        code = errors.code_of(failure)
        if code not in errors.MASTER_RETRYABLE or n == 1 or time.monotonic() > self._deadline:
            raise failure
        if code != "NOT_LEADER":
            self._unreachable.add(self._master.current_address())
        # while a new leader is elected, followers still name the dead one: that hint is not followed
        leader = getattr(failure, "leader", None)
        if not self._master.move(None if leader in self._unreachable else leader):
            return
        self._blind_moves += 1
        if self._blind_moves % n == 0:
            time.sleep(self._backoff)  # every master refused: an election is under way
            self._backoff = min(_MAX_BACKOFF, self._backoff * 2)
