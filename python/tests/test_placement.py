"""The client ranks workers exactly as the Java client does (orders computed with
io.ferry.common.placement.RendezvousHashing.rank, weight = 1000 x the length of "host:port")."""
import pytest

from ferry_fsspec import placement
from ferry_fsspec._proto import ferry_common_pb2 as cpb

IDS = ["localhost:29999", "localhost:30000", "localhost:30001", "10.0.0.7:29999", "wörker-ü:1"]
JAVA_ORDERS = {
    0: ["localhost:30000", "localhost:29999", "localhost:30001", "wörker-ü:1", "10.0.0.7:29999"],
    1: ["wörker-ü:1", "localhost:30001", "10.0.0.7:29999", "localhost:29999", "localhost:30000"],
    16777216: ["10.0.0.7:29999", "localhost:29999", "wörker-ü:1", "localhost:30000", "localhost:30001"],
    5225879671068950528: ["10.0.0.7:29999", "localhost:30000", "wörker-ü:1", "localhost:29999", "localhost:30001"],
    -5: ["localhost:30001", "localhost:29999", "10.0.0.7:29999", "wörker-ü:1", "localhost:30000"],
}


def worker(ident: str) -> cpb.WorkerInfo:
    host, port = ident.rsplit(":", 1)
    return cpb.WorkerInfo(address=cpb.WorkerAddress(host=host, rpc_port=int(port)),
                          tiers=[cpb.TierUsage(alias="MEM", capacity_bytes=len(ident) * 1000)])


@pytest.mark.parametrize("block", sorted(JAVA_ORDERS))
def test_rendezvous_order_matches_the_java_client(block):
    ranked = placement.rank(block, [worker(i) for i in IDS])
    assert [placement.worker_key(a) for a in ranked] == JAVA_ORDERS[block]


def test_reads_try_a_local_holder_then_other_holders_then_the_live_workers():
    remote, local, other = (cpb.WorkerAddress(host=h, rpc_port=1) for h in ("remote", "local", "other"))
    block = cpb.BlockInfo(block_id=7, locations=[remote, local])
    order = placement.for_read(block, True, [cpb.WorkerInfo(address=other)], lambda h: h == "local", set())
    assert [a.host for a in order] == ["local", "remote", "other"]


def test_reads_skip_excluded_workers_and_unfetchable_blocks_stay_with_holders():
    holder = cpb.WorkerAddress(host="h", rpc_port=1)
    block = cpb.BlockInfo(block_id=7, locations=[holder])
    live = [cpb.WorkerInfo(address=cpb.WorkerAddress(host="x", rpc_port=2))]
    assert placement.for_read(block, False, live, lambda h: False, set()) == [holder]
    assert [a.host for a in placement.for_read(block, True, live, lambda h: False, {"h:1"})] == ["x"]
