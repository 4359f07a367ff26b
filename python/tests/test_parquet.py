"""pandas and PyArrow reading Parquet through ferry:// (written with PyArrow through fsspec)."""
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from ferry_fsspec import FerryFileSystem


def table(start: int, rows: int) -> pa.Table:
    ids = list(range(start, start + rows))
    return pa.table({"id": ids, "name": [f"row {i}" for i in ids], "score": [i * 0.5 for i in ids]})


def test_pandas_reads_a_parquet_file_by_url(cluster, root):
    url = f"{cluster.url}{root}/frame.parquet"
    expected = table(0, 50_000).to_pandas()
    expected.to_parquet(url)
    pd.testing.assert_frame_equal(pd.read_parquet(url), expected)


def test_pandas_reads_selected_columns_of_a_parquet_file(cluster, fs, root):
    pq.write_table(table(0, 10_000), f"{root}/t.parquet", filesystem=fs, row_group_size=1000)
    frame = pd.read_parquet(f"{cluster.url}{root}/t.parquet", columns=["score"])
    assert list(frame.columns) == ["score"]
    assert frame["score"].sum() == sum(i * 0.5 for i in range(10_000))


def test_pyarrow_dataset_reads_a_directory_of_parquet_files(fs, root):
    for part in range(3):
        pq.write_table(table(part * 1000, 1000), f"{root}/ds/part-{part}.parquet", filesystem=fs)
    dataset = ds.dataset(f"{root}/ds", format="parquet", filesystem=fs)
    result = dataset.to_table().sort_by("id")
    assert result.equals(table(0, 3000))
    filtered = dataset.to_table(filter=ds.field("id") >= 2500)
    assert filtered.num_rows == 500


def test_hugging_face_datasets_loads_parquet_files_by_url(cluster, fs, root, tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # the parquet builder ships with the library
    # datasets re-prefixes the paths it globbed with "ferry://", which drops the master of the URL:
    # ferry:/// URLs and the masters from the configuration work
    monkeypatch.setenv("FERRY_MASTER_ADDRESSES", cluster.master)
    FerryFileSystem.clear_instance_cache()
    for part in range(2):
        pq.write_table(table(part * 100, 100), f"{root}/hf/part-{part}.parquet", filesystem=fs)
    loaded = datasets.load_dataset("parquet", data_files=f"ferry://{root}/hf/*.parquet", split="train",
                                   cache_dir=str(tmp_path))
    assert sorted(loaded["id"]) == list(range(200))
