"""The order in which the client tries workers: the same rules and hashing as the Java client
(WorkerPreference, WorkerPlacement, RendezvousHashing), so both pick the same worker for a miss."""
import functools
import math

_M64 = (1 << 64) - 1
INDEX_BITS = 24


def block_id(file_id: int, index: int) -> int:
    """BlockIds.of: the file id in the high 40 bits, the block index in the low 24."""
    return (file_id << INDEX_BITS) | index


def worker_key(address) -> str:
    """A worker's identity, "host:port" (WorkerChannels.key)."""
    return f"{address.host}:{address.rpc_port}"


def _java_string_hash(s: str) -> int:
    """String.hashCode, over UTF-16 code units, as a signed 32-bit int."""
    h = 0
    units = s.encode("utf-16-be")
    for i in range(0, len(units), 2):
        h = (31 * h + (units[i] << 8 | units[i + 1])) & 0xFFFFFFFF
    return h - (1 << 32) if h >> 31 else h


def _mix(z: int) -> int:
    """The finalizer of SplitMix64, on unsigned 64-bit values."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


@functools.lru_cache(maxsize=4096)
def _id_hash(ident: str) -> int:
    """The part of a score that depends on the worker only (computed once per worker)."""
    return _mix((_java_string_hash(ident) * 0xC2B2AE3D27D4EB4F + len(ident.encode("utf-16-be")) // 2) & _M64)


def _score(key: int, ident: str, weight: int) -> float:
    h = _mix(((key * 0x9E3779B97F4A7C15) & _M64) ^ _id_hash(ident))
    u = ((h >> 11) + 0.5) / float(1 << 53)
    return -max(weight, 1) / math.log(u)


def rank(block: int, live_workers) -> list:
    """The live workers' addresses, best target of the block first (weighted rendezvous hashing)."""
    def score(w):
        return _score(block, worker_key(w.address), sum(t.capacity_bytes for t in w.tiers))
    return [w.address for w in sorted(live_workers, key=score, reverse=True)]


def for_read(block_info, fetchable_from_ufs: bool, live_workers, is_local, excluded) -> list:
    """Workers to read a block from, best first: a local holder, the other holders, then (only when
    the UFS can serve the block) the live workers in rendezvous order, which read it through."""
    ordered = {}
    for w in block_info.locations:
        if is_local(w.host):
            ordered.setdefault(worker_key(w), w)
    for w in block_info.locations:
        ordered.setdefault(worker_key(w), w)
    if fetchable_from_ufs:
        for w in rank(block_info.block_id, live_workers):
            ordered.setdefault(worker_key(w), w)
    return [w for k, w in ordered.items() if k not in excluded]


def for_write(file_id: int, live_workers, is_local):
    """The worker a new file is written through: a local one if any, else block 0's first choice."""
    for w in live_workers:
        if is_local(w.address.host):
            return w.address
    ranked = rank(block_id(file_id, 0), live_workers)
    return ranked[0] if ranked else None
