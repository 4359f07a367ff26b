"""With several masters, calls find the leader and survive its death (a new one is elected)."""
import fsspec
import pytest

from cluster import LocalCluster


@pytest.fixture(scope="module")
def quorum():
    with LocalCluster(workers=1, masters=3) as c:
        yield c


def leader_of(fs) -> str:
    return next(m.address for m in fs.client.cluster_report().masters if m.role == "leader")


def test_calls_go_on_after_the_leader_is_killed(quorum, monkeypatch):
    monkeypatch.setenv("FERRY_MASTER_ADDRESSES", quorum.master)
    monkeypatch.setenv("FERRY_USER_MASTER_FAILOVER_TIMEOUT", "90s")  # an election is slow on a busy machine
    fs = fsspec.filesystem("ferry", skip_instance_cache=True)  # the masters from the environment
    fs.pipe_file("/ha/before", b"written before")
    quorum.kill_master(leader_of(fs))
    fs.pipe_file("/ha/after", b"written after")
    assert fs.cat_file("/ha/before") == b"written before"
    assert fs.ls("/ha", detail=False, refresh=True) == ["/ha/after", "/ha/before"]
