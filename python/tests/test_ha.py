"""With several masters, calls find the leader and survive its death (a new one is elected)."""
import fsspec
import pytest

from cluster import LocalCluster
from ferry_fsspec._proto import ferry_master_pb2 as mpb


@pytest.fixture(scope="module")
def quorum():
    with LocalCluster(workers=1, masters=3) as c:
        yield c


def leader_of(fs) -> str:
    report = fs.client._ctx.master.call("GetClusterReport", mpb.GetClusterReportRequest())
    return next(m.address for m in report.masters if m.role == "leader")


def test_calls_go_on_after_the_leader_is_killed(quorum, monkeypatch):
    monkeypatch.setenv("FERRY_MASTER_ADDRESSES", quorum.master)
    fs = fsspec.filesystem("ferry", skip_instance_cache=True)  # the masters from the environment
    fs.pipe_file("/ha/before", b"written before")
    quorum.kill_master(leader_of(fs))
    fs.pipe_file("/ha/after", b"written after")
    assert fs.cat_file("/ha/before") == b"written before"
    assert fs.ls("/ha", detail=False, refresh=True) == ["/ha/after", "/ha/before"]
