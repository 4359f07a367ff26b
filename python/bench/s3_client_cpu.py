"""What boto3's documented client settings save of its own CPU per GET: the objects of a directory read whole
(get_object, then Body.read()) by one reader, with one client per setting, the settings taking turns round
after round, each round timed with the process's CPU clock (time.process_time), so that the machine's load
moves every setting alike. Prints the median CPU per GET and MB/s of each setting, and tmpfs's CPU per
file read from --tmpfs in the same rounds (the cost of the copy alone). Credentials from
AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, as for bench python.

    python3 python/bench/s3_client_cpu.py --endpoint http://localhost:39999 --bucket bench-python \
        --prefix large/ --tmpfs /dev/shm/ferry-bench-python/bench-python/large --rounds 7
"""
import argparse
import os
import statistics
import time

import boto3
from botocore.config import Config

from boto3_settings import LEAN  # python/bench/boto3_settings.py

# boto3_settings.LEAN (python/bench/boto3_settings.py, bench python's) one setting at a time, then all of it
SETTINGS = {"default": {}, "user_agent": {"user_agent": LEAN["user_agent"]},
            "no_validation": {"parameter_validation": False},
            "checksums_when_required": {k: v for k, v in LEAN.items() if k.endswith("_checksum_calculation")
                                        or k.endswith("_checksum_validation")},
            "all (LEAN)": LEAN}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True, help="the S3 endpoint, e.g. http://localhost:39999")
    p.add_argument("--bucket", default="bench-python")
    p.add_argument("--prefix", default="large/", help="key prefix of the objects (a directory)")
    p.add_argument("--tmpfs", required=True, help="directory holding the same objects as files")
    p.add_argument("--rounds", type=int, default=7)
    args = p.parse_args()
    names = sorted(os.listdir(args.tmpfs))
    clients = {name: boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1",
                                  config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", **extra)) for name, extra in SETTINGS.items()}
    clients["default"].list_objects_v2(Bucket=args.bucket, Prefix=args.prefix, Delimiter="/")

    def get(client):
        return lambda name: len(client.get_object(Bucket=args.bucket, Key=args.prefix + name)["Body"].read())

    def tmpfs(name):
        with open(os.path.join(args.tmpfs, name), "rb") as f:
            return len(f.read())

    readers = {name: get(client) for name, client in clients.items()}
    readers["tmpfs"] = tmpfs
    cpu = {name: [] for name in readers}
    mbps = {name: [] for name in readers}
    for r in range(args.rounds + 1):  # the first round warms up
        for name, read in readers.items():
            wall, used = time.perf_counter(), time.process_time()
            total = sum(read(n) for n in names)
            used, wall = time.process_time() - used, time.perf_counter() - wall
            if r > 0:
                cpu[name].append(used / len(names) * 1e6)
                mbps[name].append(total / wall / 1e6)
        print(f"round {r}: load {os.getloadavg()[0]:.1f}", flush=True)
    for name in readers:
        print(f"{name:24s} CPU per GET {statistics.median(cpu[name]):6.0f} µs   {statistics.median(mbps[name]):6.0f} MB/s"
              f"   (CPU per round, µs: {', '.join(f'{c:.0f}' for c in cpu[name])})")


if __name__ == "__main__":
    main()
