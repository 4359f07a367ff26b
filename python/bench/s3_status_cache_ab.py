"""Same-run A/B of the S3 endpoint's listed-status cache (ferry.s3.status.cache.ttl): two clusters
side by side, cache on (A) and off (B), rounds alternating. Small objects (100 KiB) are listed by
pages of 1,000 and read by 2 threads; large ones (4 MiB) listed and read one after the other.

    FERRY_SKIP_BUILD=1 python3 python/bench/s3_status_cache_ab.py [--small N] [--large N] [--rounds N]

The clusters come from python/tests/cluster.py (free ports, state in /dev/shm), so the package's
test dependencies (boto3) and its generated stubs (pip install ./python) are needed.
"""
import argparse
import concurrent.futures
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import fsspec  # noqa: E402
from cluster import LocalCluster  # noqa: E402
from s3_clients import boto3_client  # noqa: E402

SMALL_BYTES, LARGE_BYTES = 100 << 10, 4 << 20


def keys(s3, directory):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket="b", Prefix=directory + "/", Delimiter="/")
    return [o["Key"] for page in pages for o in page.get("Contents", [])]


def setup(cluster, small, large):
    fs = fsspec.filesystem("ferry", master=cluster.master, skip_instance_cache=True)
    for directory, count, size in (("small", small, SMALL_BYTES), ("large", large, LARGE_BYTES)):
        fs.makedirs(f"/b/{directory}", exist_ok=True)
        data = os.urandom(size)
        for i in range(count):
            fs.pipe_file(f"/b/{directory}/{i:05d}", data)
    s3 = boto3_client(cluster.s3_endpoint())
    for directory in ("small", "large"):  # warm: every block in the worker's MEM tier
        for key in keys(s3, directory):
            s3.get_object(Bucket="b", Key=key)["Body"].read()
    return s3


def small_fps(s3):
    start = time.perf_counter()
    listed = keys(s3, "small")
    random.Random(1).shuffle(listed)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda k: s3.get_object(Bucket="b", Key=k)["Body"].read(), listed, chunksize=64))
    return len(listed) / (time.perf_counter() - start)


def large_mbps(s3):
    start = time.perf_counter()
    total = sum(len(s3.get_object(Bucket="b", Key=k)["Body"].read()) for k in keys(s3, "large"))
    return total / (time.perf_counter() - start) / 1e6


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", type=int, default=2000)
    p.add_argument("--large", type=int, default=48)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    conf = {"FERRY_WORKER_MEM_CAPACITY": "1GB"}
    with LocalCluster(workers=1, s3=True, conf={**conf, "FERRY_S3_STATUS_CACHE_TTL": "10s"}) as on, \
            LocalCluster(workers=1, s3=True, conf={**conf, "FERRY_S3_STATUS_CACHE_TTL": "0s"}) as off:
        clients = {"on": setup(on, args.small, args.large), "off": setup(off, args.small, args.large)}
        rounds = {f"{name}_{m}": [] for name in clients for m in ("fps", "mbps")}
        for _ in range(args.rounds):
            for name, s3 in clients.items():
                rounds[f"{name}_fps"].append(small_fps(s3))
                rounds[f"{name}_mbps"].append(large_mbps(s3))
        median = {k: sorted(v)[len(v) // 2] for k, v in rounds.items()}
        for k, v in rounds.items():
            print(f"{k}: median {median[k]:.0f}, rounds {', '.join(f'{x:.0f}' for x in v)}")
        print(f"on/off: small {median['on_fps'] / median['off_fps']:.2f}, large {median['on_mbps'] / median['off_mbps']:.2f}")


if __name__ == "__main__":
    main()
