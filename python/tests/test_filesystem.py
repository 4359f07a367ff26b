"""fsspec operations of ferry:// against a cluster of separate processes."""
import os
import time

import fsspec
import pytest


def payload(n: int, seed: int = 1) -> bytes:
    return bytes((i * 7 + seed) & 0xFF for i in range(251)) * (n // 251) + bytes(n % 251)


def test_bytes_written_through_fsspec_read_back_the_same(fs, root):
    data = payload(3_000_000)
    with fs.open(f"{root}/a.bin", "wb") as f:
        f.write(data[:1000])
        f.write(data[1000:])
    assert fs.cat_file(f"{root}/a.bin") == data
    with fs.open(f"{root}/a.bin", "rb") as f:
        assert f.read() == data


def test_a_file_of_several_blocks_reads_back_the_same(cluster, root):
    small_blocks = fsspec.filesystem("ferry", master=cluster.master, block_size="1MB", skip_instance_cache=True)
    data = payload(5 * 1024 * 1024 + 123)
    small_blocks.pipe_file(f"{root}/blocks.bin", data)
    assert small_blocks.info(f"{root}/blocks.bin")["block_size"] == 1 << 20
    assert small_blocks.cat_file(f"{root}/blocks.bin") == data


def test_an_empty_file_reads_back_empty(fs, root):
    fs.touch(f"{root}/empty")
    assert fs.cat_file(f"{root}/empty") == b""
    assert fs.info(f"{root}/empty")["size"] == 0


def test_ranged_reads_return_the_bytes_of_the_range(cluster, root):
    small_blocks = fsspec.filesystem("ferry", master=cluster.master, block_size="1MB", skip_instance_cache=True)
    data = payload(3 * 1024 * 1024)
    path = f"{root}/r.bin"
    small_blocks.pipe_file(path, data)
    boundary = 1 << 20
    assert small_blocks.cat_file(path, 10, 20) == data[10:20]
    assert small_blocks.cat_file(path, boundary - 5, boundary + 5) == data[boundary - 5:boundary + 5]
    assert small_blocks.cat_file(path, -100) == data[-100:]
    assert small_blocks.cat_file(path, 100, -100) == data[100:-100]
    assert small_blocks.cat_file(path, len(data) - 3, len(data) + 100) == data[-3:]
    assert small_blocks.cat_file(path, 50, 50) == b""
    with small_blocks.open(path, "rb") as f:
        f.seek(2 * boundary + 7)
        assert f.read(1000) == data[2 * boundary + 7:2 * boundary + 1007]


def test_ranged_reads_over_grpc_streams_return_the_bytes_of_the_range(cluster, root):
    remote = fsspec.filesystem("ferry", master=cluster.master, block_size="1MB", short_circuit=False,
                               skip_instance_cache=True)
    data = payload(3 * 1024 * 1024 + 5)
    remote.pipe_file(f"{root}/g.bin", data)
    assert remote.cat_file(f"{root}/g.bin") == data
    assert remote.cat_file(f"{root}/g.bin", (1 << 20) - 1, (2 << 20) + 1) == data[(1 << 20) - 1:(2 << 20) + 1]
    with remote.open(f"{root}/g.bin", "rb", block_size=100_000) as f:
        chunks = iter(lambda: f.read(333_333), b"")
        assert b"".join(chunks) == data


def test_through_writes_reach_the_under_storage(cluster, fs, root):
    fs.pipe_file(f"{root}/t.txt", b"through", write_type="THROUGH")
    assert (cluster.underfs / root.lstrip("/") / "t.txt").read_bytes() == b"through"
    assert fs.info(f"{root}/t.txt")["persisted"]
    assert fs.cat_file(f"{root}/t.txt") == b"through"


def test_default_writes_are_persisted_in_the_under_storage(cluster, fs, root):
    fs.pipe_file(f"{root}/d.txt", b"default")
    assert (cluster.underfs / root.lstrip("/") / "d.txt").read_bytes() == b"default"


def test_files_of_the_under_storage_are_listed_and_read(cluster, fs, root):
    (cluster.underfs / root.lstrip("/") / "ufs.txt").write_bytes(b"from the under storage")
    assert fs.ls(root, detail=False, refresh=True) == [f"{root}/ufs.txt"]
    assert fs.cat_file(f"{root}/ufs.txt") == b"from the under storage"


def test_info_describes_files_and_directories(fs, root):
    fs.pipe_file(f"{root}/x.bin", b"12345")
    info = fs.info(f"{root}/x.bin")
    assert (info["name"], info["type"], info["size"]) == (f"{root}/x.bin", "file", 5)
    assert fs.info(root)["type"] == "directory"
    assert fs.isdir(root) and fs.isfile(f"{root}/x.bin")


def test_missing_paths_raise_file_not_found(fs, root):
    with pytest.raises(FileNotFoundError):
        fs.info(f"{root}/missing")
    with pytest.raises(FileNotFoundError):
        fs.cat_file(f"{root}/missing")
    assert not fs.exists(f"{root}/missing")


def test_listing_shows_new_files_after_own_writes(fs, root):
    fs.pipe_file(f"{root}/one", b"1")
    assert fs.ls(root, detail=False) == [f"{root}/one"]
    fs.pipe_file(f"{root}/two", b"2")
    assert fs.ls(root, detail=False) == [f"{root}/one", f"{root}/two"]


def test_listing_of_10000_files(cluster, fs, root):
    directory = cluster.underfs / root.lstrip("/") / "many"
    directory.mkdir()
    for i in range(10_000):
        (directory / f"f{i:05d}").write_bytes(b"x")
    fs.ls(root, refresh=True)  # Ferry learns of the new directory
    start = time.monotonic()
    names = fs.ls(f"{root}/many", detail=False)
    print(f"listed 10,000 files in {time.monotonic() - start:.2f} s")
    assert names == [f"{root}/many/f{i:05d}" for i in range(10_000)]
    assert len(fs.find(root)) == 10_000


def test_glob_matches_names_and_directories(fs, root):
    for p in ["a/1.csv", "a/2.csv", "a/3.json", "b/4.csv", "b/c/5.csv"]:
        fs.pipe_file(f"{root}/{p}", b"x")
    assert fs.glob(f"{root}/a/*.csv") == [f"{root}/a/1.csv", f"{root}/a/2.csv"]
    assert fs.glob(f"{root}/*/*.csv") == [f"{root}/a/1.csv", f"{root}/a/2.csv", f"{root}/b/4.csv"]
    assert fs.glob(f"{root}/**/5.csv") == [f"{root}/b/c/5.csv"]
    assert fs.glob(f"ferry://{fs.master}{root}/a/?.json") == [f"{root}/a/3.json"]


def test_mkdir_creates_directories_and_refuses_existing_ones(fs, root):
    fs.mkdir(f"{root}/p/q/r")
    assert fs.isdir(f"{root}/p/q/r")
    with pytest.raises(FileExistsError):
        fs.mkdir(f"{root}/p/q/r")
    fs.makedirs(f"{root}/p/q/r", exist_ok=True)


def test_rm_removes_files_and_directory_trees(fs, root):
    fs.pipe_file(f"{root}/f", b"x")
    fs.pipe_file(f"{root}/d/e/g", b"x")
    fs.rm(f"{root}/f")
    assert not fs.exists(f"{root}/f")
    with pytest.raises(OSError):
        fs.rm(f"{root}/d")  # not empty, not recursive
    fs.rm(f"{root}/d", recursive=True)
    assert fs.ls(root) == []


def test_mv_renames_and_moves_into_directories(fs, root):
    fs.pipe_file(f"{root}/a", b"content")
    fs.mv(f"{root}/a", f"{root}/b")
    assert fs.cat_file(f"{root}/b") == b"content" and not fs.exists(f"{root}/a")
    fs.mkdir(f"{root}/dir")
    fs.mv(f"{root}/b", f"{root}/dir")
    assert fs.cat_file(f"{root}/dir/b") == b"content"


def test_exclusive_create_refuses_an_existing_file(fs, root):
    fs.pipe_file(f"{root}/x", b"1")
    with pytest.raises(FileExistsError):
        with fs.open(f"{root}/x", "xb") as f:
            f.write(b"2")
    assert fs.cat_file(f"{root}/x") == b"1"


def test_an_exception_while_writing_leaves_no_file(fs, root):
    with pytest.raises(RuntimeError):
        with fs.open(f"{root}/partial", "wb", block_size=1 << 20) as f:
            f.write(b"x" * (3 << 20))  # past the buffer: the file exists on the master by now
            raise RuntimeError("the writer failed")
    assert not fs.exists(f"{root}/partial")


def test_overwrite_replaces_the_content(fs, root):
    fs.pipe_file(f"{root}/x", b"old content")
    fs.pipe_file(f"{root}/x", b"new")
    assert fs.cat_file(f"{root}/x") == b"new"


def test_urls_name_the_master(cluster, root):
    with fsspec.open(f"{cluster.url}{root}/u.txt", "wb") as f:
        f.write(b"by url")
    with fsspec.open(f"{cluster.url}{root}/u.txt", "rb") as f:
        assert f.read() == b"by url"


def test_master_addresses_come_from_the_environment(cluster, root, monkeypatch):
    # an HA list whose first master is down: calls move on to the next one
    dead = f"localhost:{cluster.worker_port + cluster.workers + 1}"
    monkeypatch.setenv("FERRY_MASTER_ADDRESSES", f"{dead},{cluster.master}")
    env_fs = fsspec.filesystem("ferry", skip_instance_cache=True)
    env_fs.pipe_file(f"{root}/env.txt", b"via env")
    with fsspec.open(f"ferry://{root}/env.txt", "rb") as f:
        assert f.read() == b"via env"


def test_a_read_uses_the_status_of_a_fresh_listing_without_the_master(fs, root, monkeypatch):
    fs.pipe_file(f"{root}/listed", b"listed bytes")
    fs.ls(root)
    monkeypatch.setattr(fs.client, "get_status", lambda *a, **k: pytest.fail("asked the master"))
    assert fs.cat_file(f"{root}/listed") == b"listed bytes"


def test_a_listed_file_cached_on_this_host_is_read_from_its_block_file_without_a_reader(fs, root, monkeypatch):
    data = payload(300_000)
    fs.pipe_file(f"{root}/cached", data)
    assert fs.cat_file(f"{root}/cached") == data  # now cached on the worker of this host
    fs.ls(root)
    monkeypatch.setattr(fs.client, "open_reader", lambda *a, **k: pytest.fail("opened a reader"))
    assert fs.cat_file(f"{root}/cached") == data
    assert fs.cat_file(f"{root}/cached", 1000, 2000) == data[1000:2000]
    assert fs.cat_file(f"{root}/cached", -10) == data[-10:]


def test_a_file_replaced_in_the_under_storage_after_its_listing_is_read_whole_at_its_new_version(cluster, fs, root):
    ufs_file = cluster.underfs / root.lstrip("/") / "v.bin"
    ufs_file.write_bytes(b"first")
    fs.ls(root, refresh=True)
    ufs_file.write_bytes(b"second, longer version")
    os.utime(ufs_file, (time.time() + 5, time.time() + 5))
    assert fs.cat_file(f"{root}/v.bin") == b"second, longer version"


def test_a_stale_listing_is_read_again_from_the_master(cluster, fs, root):
    fs.pipe_file(f"{root}/s", b"first")
    fs.ls(root)
    other = fsspec.filesystem("ferry", master=cluster.master, skip_instance_cache=True)
    other.rm(f"{root}/s")
    other.pipe_file(f"{root}/s", b"second version")
    assert fs.cat_file(f"{root}/s") in (b"first", b"second version")
    fs.invalidate_cache()
    assert fs.cat_file(f"{root}/s") == b"second version"
