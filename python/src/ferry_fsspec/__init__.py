"""ferry-fsspec: Python access to Ferry without FUSE.

    import fsspec
    with fsspec.open("ferry://master:19998/datasets/x.parquet", "rb") as f: ...
    pandas.read_parquet("ferry://master:19998/datasets/table")

FerryDataset and FerryIterableDataset (ferry_fsspec.torch) read samples for PyTorch.
"""
import fsspec

from .filesystem import FerryFileSystem

fsspec.register_implementation("ferry", FerryFileSystem, clobber=True)

__all__ = ["FerryFileSystem"]
