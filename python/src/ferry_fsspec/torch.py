"""PyTorch datasets of the files below a Ferry directory: sample i is (path, bytes) of the i-th
file in path order, or transform(path, bytes).

The directory is listed once, when the dataset is made; samples are then read with the statuses of
that listing, straight from the workers (short-circuit on this host), with no call to the master.
Safe with DataLoader(num_workers=N): each worker process opens its own gRPC channels (a forked
child never uses its parent's, see client.py), and a spawned one gets the file system by pickle."""
from typing import Callable, Optional

import fsspec
from torch.utils.data import Dataset, IterableDataset, get_worker_info

from .filesystem import FerryFileSystem


def _list(url: str, refresh: bool, storage_options: dict):
    fs, path = fsspec.core.url_to_fs(url, **storage_options)
    if not isinstance(fs, FerryFileSystem):
        raise ValueError(f"{url} is not a ferry:// URL")
    return fs, fs.file_statuses(path, refresh)


class FerryDataset(Dataset):
    """Map-style: random access to every file below url (e.g. "ferry://master:19998/datasets/train")."""

    def __init__(self, url: str, transform: Optional[Callable] = None, refresh: bool = False, **storage_options):
        """refresh: have the master re-sync the directory tree with the under storage first."""
        self.fs, self._files = _list(url, refresh, storage_options)
        self.transform = transform

    @property
    def paths(self) -> list:
        return [s.path for s in self._files]

    def __len__(self):
        return len(self._files)

    def __getitem__(self, index):
        status = self._files[index]
        data = self.fs.read_status(status)
        return self.transform(status.path, data) if self.transform else (status.path, data)


class FerryIterableDataset(IterableDataset):
    """Streams every file below url once per epoch; each DataLoader worker reads its own share
    (every num_workers-th file), so together they read each file exactly once."""

    def __init__(self, url: str, transform: Optional[Callable] = None, refresh: bool = False, **storage_options):
        """refresh: have the master re-sync the directory tree with the under storage first."""
        self.fs, self._files = _list(url, refresh, storage_options)
        self.transform = transform

    def __len__(self):
        return len(self._files)

    def __iter__(self):
        worker = get_worker_info()
        share = self._files if worker is None else self._files[worker.id::worker.num_workers]
        for status in share:
            data = self.fs.read_status(status)
            yield self.transform(status.path, data) if self.transform else (status.path, data)
