"""Reads go on when a worker dies: from the other holder of a block, or from a live worker that
reads it through from the under storage. The tests share a cluster of three workers; each kills one."""
import time

import fsspec
import pytest

from cluster import LocalCluster
from ferry_fsspec import placement

BLOCK = 1 << 20


@pytest.fixture(scope="module")
def workers():
    # a killed worker is declared lost after 5 s, so a later test's writes do not pick it
    with LocalCluster(workers=3, conf={"FERRY_MASTER_WORKER_TIMEOUT": "5s"}) as c:
        yield c


def data_of(n: int) -> bytes:
    return bytes(i % 253 for i in range(n))


def worker_index(cluster, address) -> int:
    return address.rpc_port - cluster.worker_port


def wait_until_killed_workers_are_lost(fs, cluster):
    deadline = time.monotonic() + 60
    while any(worker_index(cluster, w.address) in cluster.killed for w in fs.client.workers()):
        assert time.monotonic() < deadline, "the master still lists a killed worker"
        time.sleep(0.2)


def wait_for_replicas(fs, path: str, replicas: int):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = fs.client.get_status(path, include_blocks=True)
        if status.blocks and all(len(b.locations) >= replicas for b in status.blocks):
            return
        time.sleep(0.2)
    pytest.fail(f"{path} did not reach {replicas} cached copies of each block")


def test_a_stream_goes_on_from_the_other_holder_when_its_worker_is_killed(workers, caplog):
    fs = fsspec.filesystem("ferry", master=workers.master, block_size="1MB", short_circuit=False,
                           skip_instance_cache=True)
    data = data_of(6 * BLOCK)
    fs.pipe_file("/replicated.bin", data, replication=2)
    wait_for_replicas(fs, "/replicated.bin", 2)
    # every worker is on this host: block 0 streams from its first holder
    serving = fs.client.get_status("/replicated.bin", include_blocks=True).blocks[0].locations[0]
    with fs.open("/replicated.bin", "rb", block_size=256 << 10) as f:
        first = f.read(BLOCK // 2)
        workers.kill_worker(worker_index(workers, serving))
        rest = f.read()
    assert first + rest == data
    assert f"from worker at {serving.host}:{serving.rpc_port} failed" in caplog.text


def test_a_read_through_moves_to_a_live_worker_when_the_chosen_one_is_dead(workers, caplog):
    fs = fsspec.filesystem("ferry", master=workers.master, skip_instance_cache=True)
    wait_until_killed_workers_are_lost(fs, workers)
    for i in range(16):
        fs.pipe_file(f"/cold/{i}", data_of(1000 + i), write_type="THROUGH")
    fs.cat_file("/cold/0")  # the client now holds the list of live workers (both)
    live = fs.client.workers()
    # a file whose block the client would have a live worker read through first (rendezvous order)
    first_choices = {i: placement.rank(placement.block_id(fs.client.get_status(f"/cold/{i}").id, 0), live)[0]
                     for i in range(1, 16)}
    victim, chosen = next((i, w) for i, w in first_choices.items()
                          if worker_index(workers, w) not in workers.killed)
    workers.kill_worker(worker_index(workers, chosen))
    assert fs.cat_file(f"/cold/{victim}") == data_of(1000 + victim)
    assert f"on worker at {chosen.host}:{chosen.rpc_port} failed" in caplog.text
