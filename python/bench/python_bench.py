"""Python read throughput: Ferry through fsspec vs. its S3 endpoint vs. the FUSE mount vs. tmpfs, on one warm dataset.

    bin/ferry bench python [--master localhost:19998] [--fuse-mount mnt/ferry] [--s3-endpoint URL] [--json]
    (or python3 python/bench/python_bench.py …, with ferry-fsspec installed: pip install ./python)

Writes (once) a dataset of 1 GiB of 4 MiB files and 10,000 files of 100 KiB into Ferry at --path
and a copy into tmpfs, reads it through each path once to warm it, then measures, per round:
(a) the 4 MiB files read whole, in name order, by --threads threads, in MB/s; (b) the 100 KiB files
listed, then read whole in one random order by --threads threads, in files/s. Every path is read the
same way (a file whole per call, the threads sharing one client), as a data loader would. fsspec
reads with a fresh listing each round (ls, then cat_file of each path); S3 with boto3 from the worker's S3 endpoint (ListObjectsV2
of the directory, then GetObject of each key; the first path component is the bucket), signed with
--s3-access-key/--s3-secret-key (default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or unsigned when
there are none (the endpoint must then allow it: ferry.s3.anonymous.enabled=true), with boto3's documented settings
that spare it work per request (boto3_settings.LEAN: no parameter validation, checksums when required, a fixed
User-Agent; the same bytes are read, whole, per GET); FUSE and tmpfs with os.listdir and open().read(), FUSE after
its files' pages were dropped from the kernel's page cache (as on a fresh mount). Prints the
median round of each, as JSON with --json (keys fsspec_mbps, s3_mbps, fuse_mbps, tmpfs_mbps,
fsspec_small_fps, s3_small_fps, fuse_small_fps, tmpfs_small_fps).
"""
import argparse
import concurrent.futures
import json
import os
import random
import statistics
import sys
import time

import boto3
import fsspec
from botocore import UNSIGNED

from boto3_settings import s3_config  # python/bench/boto3_settings.py

try:
    import ferry_fsspec  # noqa: F401 - registers ferry://
except ImportError:
    sys.exit("python_bench: ferry-fsspec is not installed: pip install ./python")

FERRY_HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LARGE_FILES, LARGE_BYTES = 256, 4 << 20
SMALL_FILES, SMALL_BYTES = 10_000, 100 << 10


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--master", help="host:port of the master (default: the client configuration)")
    p.add_argument("--fuse-mount", default=os.environ.get("FERRY_LOCAL_MOUNT", os.path.join(FERRY_HOME, "mnt", "ferry")),
                   help="where the same Ferry namespace is mounted (default: that of bin/ferry local start)")
    p.add_argument("--s3-endpoint", default="http://localhost:39999",
                   help="a worker's S3 endpoint (default: worker 0's under bin/ferry local start)")
    p.add_argument("--s3-access-key", default=os.environ.get("AWS_ACCESS_KEY_ID"))
    p.add_argument("--s3-secret-key", default=os.environ.get("AWS_SECRET_ACCESS_KEY"))
    p.add_argument("--path", default="/bench-python", help="Ferry directory of the dataset")
    p.add_argument("--tmpfs", default="/dev/shm/ferry-bench-python", help="tmpfs directory of the copy")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2, help="readers, in every pass")
    p.add_argument("--json", action="store_true")
    return p.parse_args()


def content(i: int, size: int) -> bytes:
    return (i.to_bytes(4, "big") * (size // 4 + 1))[:size]


def dataset(root: str):
    large = [f"{root}/large/f{i:04d}" for i in range(LARGE_FILES)]
    small = [f"{root}/small/f{i:05d}" for i in range(SMALL_FILES)]
    return large, small


def write_dataset(fs, tmpfs: str, path: str):
    """Writes what is missing (a file of the right size is kept), in Ferry and in tmpfs."""
    for root, size in ((f"{path}/large", LARGE_BYTES), (f"{path}/small", SMALL_BYTES)):
        fs.makedirs(root, exist_ok=True)
        os.makedirs(tmpfs + root, exist_ok=True)
    present = {e["name"]: e["size"] for d in ("large", "small") for e in fs.ls(f"{path}/{d}")}
    large, small = dataset(path)
    for i, p in enumerate(large + small):
        size = LARGE_BYTES if i < LARGE_FILES else SMALL_BYTES
        if present.get(p) != size:
            fs.pipe_file(p, content(i, size))
        local = tmpfs + p
        if not os.path.exists(local) or os.path.getsize(local) != size:
            with open(local, "wb") as f:
                f.write(content(i, size))


def read_local(path: str) -> int:
    with open(path, "rb") as f:
        return len(f.read())


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class Method:
    """How one path reads the dataset: large files in name order, small files listed then read in a
    random order, each by several threads."""

    def __init__(self, name, list_dir, read, reset=lambda: None):
        self.name, self._list, self._read, self._reset = name, list_dir, read, reset

    def large_mbps(self, directory: str, threads: int) -> float:
        self._reset()
        names = sorted(self._list(directory))
        total = 0

        def run():
            nonlocal total
            with concurrent.futures.ThreadPoolExecutor(threads) as pool:
                total = sum(pool.map(self._read, names))
        seconds = timed(run)
        assert total == LARGE_FILES * LARGE_BYTES, f"{self.name} read {total} bytes"
        return total / seconds / 1e6

    def small_fps(self, directory: str, threads: int, seed: int) -> float:
        self._reset()
        count = 0

        def run():
            nonlocal count
            names = list(self._list(directory))
            random.Random(seed).shuffle(names)
            with concurrent.futures.ThreadPoolExecutor(threads) as pool:
                sizes = list(pool.map(self._read, names))
            assert all(s == SMALL_BYTES for s in sizes), f"{self.name} read a short file"
            count = len(sizes)
        seconds = timed(run)
        assert count == SMALL_FILES, f"{self.name} read {count} files"
        return count / seconds


def local_method(name: str, prefix: str, reset=lambda: None) -> Method:
    """Reads the dataset's copy below a local directory (the FUSE mount, tmpfs)."""
    return Method(name, lambda d: [os.path.join(prefix + d, n) for n in os.listdir(prefix + d)], read_local, reset)


def drop_page_cache(root: str):
    """Drops the kernel's cached pages of every file below root, as a fresh mount would have none:
    otherwise a FUSE re-read is a page cache hit that never reaches the file system."""
    for directory, _, names in os.walk(root):
        for name in names:
            fd = os.open(os.path.join(directory, name), os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def s3_method(args) -> Method:
    """Reads the dataset from the S3 endpoint: a Ferry path /bucket/key… is that bucket's key."""
    signing = {"signature_version": UNSIGNED} if not args.s3_access_key else {"signature_version": "s3v4"}
    s3 = boto3.client("s3", endpoint_url=args.s3_endpoint, aws_access_key_id=args.s3_access_key,
                      aws_secret_access_key=args.s3_secret_key, region_name="us-east-1",
                      config=s3_config(args.threads + 1, **signing))

    def split(path: str):
        bucket, _, key = path.lstrip("/").partition("/")
        return bucket, key

    def list_dir(directory: str):
        bucket, prefix = split(directory)
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix + "/", Delimiter="/")
        return [f"/{bucket}/{o['Key']}" for page in pages for o in page.get("Contents", [])]

    def read(path: str) -> int:
        bucket, key = split(path)
        return len(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    return Method("s3", list_dir, read)


def methods(fs, fuse_mount: str, tmpfs: str, args):
    fuse = fuse_mount.rstrip("/")
    path = args.path
    return [
        Method("fsspec", lambda d: fs.ls(d, detail=False), lambda p: len(fs.cat_file(p)), fs.invalidate_cache),
        s3_method(args),
        local_method("fuse", fuse, lambda: drop_page_cache(fuse + path)),
        local_method("tmpfs", tmpfs),
    ]


def main():
    args = parse_args()
    if not os.path.ismount(args.fuse_mount):
        sys.exit(f"python_bench: nothing is mounted at {args.fuse_mount} (start the cluster with its FUSE mount)")
    fs = fsspec.filesystem("ferry", **({"master": args.master} if args.master else {}))
    write_dataset(fs, args.tmpfs, args.path)
    all_methods = methods(fs, args.fuse_mount, args.tmpfs, args)
    for m in all_methods:  # warm: every block cached, every page of tmpfs touched
        m.large_mbps(f"{args.path}/large", args.threads)
        m.small_fps(f"{args.path}/small", args.threads, 0)
    results = {}
    for m in all_methods:
        results[f"{m.name}_mbps"] = []
        results[f"{m.name}_small_fps"] = []
    for r in range(args.rounds):
        for m in all_methods:  # back to back in each round: all of them see the same machine load
            results[f"{m.name}_mbps"].append(m.large_mbps(f"{args.path}/large", args.threads))
            results[f"{m.name}_small_fps"].append(m.small_fps(f"{args.path}/small", args.threads, r + 1))
    medians = {k: round(statistics.median(v)) for k, v in results.items()}
    if args.json:
        print(json.dumps(medians))
    else:
        for k, v in medians.items():
            print(f"{k:20s} {v:>8d}   rounds: {', '.join(str(round(x)) for x in results[k])}")
        print(f"fsspec / tmpfs (MB/s):     {medians['fsspec_mbps'] / medians['tmpfs_mbps']:.2f} (target 0.70)")
        print(f"fsspec / fuse (files/s):    {medians['fsspec_small_fps'] / medians['fuse_small_fps']:.2f} (target 1.5)")
        print(f"s3 / tmpfs (MB/s):         {medians['s3_mbps'] / medians['tmpfs_mbps']:.2f} (target 0.30)")


if __name__ == "__main__":
    main()
