"""The PyTorch datasets with DataLoader worker processes (forked after the parent used gRPC)."""
import hashlib

import pytest
from torch.utils.data import DataLoader

from ferry_fsspec.torch import FerryDataset, FerryIterableDataset

SAMPLES = 10_000


def sample_bytes(i: int) -> bytes:
    return hashlib.sha256(str(i).encode()).digest() * (1 + i % 40)


@pytest.fixture(scope="module")
def samples(cluster):
    """SAMPLES files of different sizes and contents, placed in the under storage."""
    fs_dir = "/torch-samples"
    directory = cluster.underfs / fs_dir.lstrip("/")
    for shard in range(10):
        (directory / f"shard{shard}").mkdir(parents=True)
    expected = {}
    for i in range(SAMPLES):
        path = f"{fs_dir}/shard{i % 10}/s{i:05d}.bin"
        (cluster.underfs / path.lstrip("/")).write_bytes(sample_bytes(i))
        expected[path] = sample_bytes(i)
    return f"{cluster.url}{fs_dir}", expected


def digest(path, data):
    return path, hashlib.sha256(data).hexdigest()


def test_map_dataset_lists_every_file_below_the_directory(samples):
    url, expected = samples
    dataset = FerryDataset(url, refresh=True)
    assert dataset.paths == sorted(expected)
    path, data = dataset[17]
    assert data == expected[path]


def test_dataloader_with_two_workers_reads_every_sample_with_its_bytes(samples):
    url, expected = samples
    dataset = FerryDataset(url, transform=digest, refresh=True)
    loader = DataLoader(dataset, batch_size=64, shuffle=True, num_workers=2)
    seen = {}
    for paths, digests in loader:
        seen.update(zip(paths, digests))
    assert seen == {p: hashlib.sha256(d).hexdigest() for p, d in expected.items()}


def test_spawned_dataloader_workers_get_the_file_system_by_pickle(samples):
    url, expected = samples
    dataset = FerryDataset(f"{url}/shard3", transform=digest)
    loader = DataLoader(dataset, batch_size=50, num_workers=2, multiprocessing_context="spawn")
    seen = {p: d for paths, digests in loader for p, d in zip(paths, digests)}
    assert seen == {p: hashlib.sha256(d).hexdigest() for p, d in expected.items() if "/shard3/" in p}


def test_iterable_dataset_gives_each_worker_its_own_share(samples):
    url, expected = samples
    dataset = FerryIterableDataset(url, transform=digest, refresh=True)
    loader = DataLoader(dataset, batch_size=None, num_workers=2)
    seen = [item for item in loader]
    assert len(seen) == len(expected)
    assert dict(seen) == {p: hashlib.sha256(d).hexdigest() for p, d in expected.items()}
