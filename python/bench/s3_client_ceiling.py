"""How fast boto3 can read from any S3 endpoint on this machine: the objects of a directory read whole by
--threads readers with boto3's get_object (as `bin/ferry bench python` does), from Ferry's S3 endpoint and
from a reference server that does nothing but answer each GET with sendfile(2) of the same bytes on tmpfs
(SendfileServer.java, in a process of its own),
in alternating rounds, each against reading the files from tmpfs in the same round. The reference server
is the ceiling of any endpoint: what is left is boto3's own cost per request and per byte.
Credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (the endpoint's), as for bench python.

    python3 python/bench/s3_client_ceiling.py --endpoint http://localhost:39999 --bucket bench-python \
        --prefix large/ --tmpfs /dev/shm/ferry-bench-python/bench-python/large --rounds 7 [--threads 2]
"""
import argparse
import concurrent.futures
import os
import statistics
import subprocess
import sys
import time

import boto3

from boto3_settings import s3_config  # python/bench/boto3_settings.py, as bench python

HERE = os.path.dirname(os.path.abspath(__file__))


def start_sendfile_server(directory: str):
    """SendfileServer.java, run from source in a process of its own (a server thread in this process would
    share the client's GIL): a keep-alive HTTP/1.1 server on loopback answering GET /BUCKET/PREFIX/NAME
    with the file NAME of a directory, sent with sendfile(2), no authentication. Returns (process, port)."""
    server = subprocess.Popen(["java", os.path.join(HERE, "SendfileServer.java"), directory],
                              stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith("port "):
        server.kill()
        sys.exit(f"s3_client_ceiling: SendfileServer.java did not start: {line!r}")
    return server, int(line.split()[1])


def mbps(read, names, threads: int) -> float:
    """The files read whole by threads readers, as bench python's large pass."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(read, names))
    return total / (time.perf_counter() - start) / 1e6


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True, help="Ferry's S3 endpoint, e.g. http://localhost:39999")
    p.add_argument("--bucket", default="bench-python")
    p.add_argument("--prefix", default="large/", help="key prefix of the objects (a directory)")
    p.add_argument("--tmpfs", required=True, help="directory holding the same objects as files")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--threads", type=int, default=2, help="readers (bench python's default)")
    args = p.parse_args()
    names = sorted(os.listdir(args.tmpfs))
    reference, port = start_sendfile_server(args.tmpfs)
    try:
        run(args, names, port)
    finally:
        reference.kill()


def run(args, names, reference_port: int):
    config = s3_config(args.threads, signature_version="s3v4")
    clients = {"ferry": boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1", config=config),
               "sendfile": boto3.client("s3", endpoint_url=f"http://127.0.0.1:{reference_port}",
                                        region_name="us-east-1", config=config)}

    def tmpfs(name):
        with open(os.path.join(args.tmpfs, name), "rb") as f:
            return len(f.read())

    def get(client):
        return lambda name: len(client.get_object(Bucket=args.bucket, Key=args.prefix + name)["Body"].read())

    ratios = {endpoint: [] for endpoint in clients}
    for r in range(args.rounds + 1):  # the first round warms up
        # listed first, as bench python does: Ferry's endpoint then answers GETs without asking the master
        clients["ferry"].list_objects_v2(Bucket=args.bucket, Prefix=args.prefix, Delimiter="/")
        line = []
        for endpoint, client in clients.items():
            s3, local = mbps(get(client), names, args.threads), mbps(tmpfs, names, args.threads)
            if r > 0:
                ratios[endpoint].append(s3 / local)
            line.append(f"{endpoint} {s3:.0f} MB/s / tmpfs {local:.0f} = {s3 / local:.2f}")
        print(f"round {r}{' (warm-up)' if r == 0 else ''}: " + " | ".join(line)
              + f" | load {os.getloadavg()[0]:.1f}", flush=True)
    print("median s3/tmpfs: " + ", ".join(f"{e} {statistics.median(v):.2f}" for e, v in ratios.items()))


if __name__ == "__main__":
    main()
