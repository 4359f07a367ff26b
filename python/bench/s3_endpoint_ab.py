"""Same-run A/B of two S3 endpoints serving the same Ferry cluster (e.g. two workers of one host running
two builds of the endpoint), against tmpfs: rounds alternate A, B and a tmpfs read of the same bytes, each
the listing of the directory, then its first N objects read whole one after the other with boto3.
Prints each round and the medians of the ratios. Credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY."""
import argparse
import os
import statistics
import time

import boto3
from botocore.config import Config


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--a", required=True, help="endpoint A, e.g. http://localhost:39999")
    p.add_argument("--b", required=True, help="endpoint B")
    p.add_argument("--bucket", default="bench-python")
    p.add_argument("--prefix", default="large/", help="key prefix of the objects (a directory)")
    p.add_argument("--tmpfs", default="/dev/shm/ferry-bench-python/bench-python/large",
                   help="directory holding the same objects as files")
    p.add_argument("--objects", type=int, default=64)
    p.add_argument("--rounds", type=int, default=8)
    args = p.parse_args()
    names = sorted(os.listdir(args.tmpfs))[:args.objects]

    def client(endpoint):
        return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))

    def s3_mbps(c):
        c.list_objects_v2(Bucket=args.bucket, Prefix=args.prefix, Delimiter="/")
        start, n = time.perf_counter(), 0
        for name in names:
            n += len(c.get_object(Bucket=args.bucket, Key=args.prefix + name)["Body"].read())
        return n / (time.perf_counter() - start) / 1e6

    def tmpfs_mbps():
        start, n = time.perf_counter(), 0
        for name in names:
            with open(os.path.join(args.tmpfs, name), "rb") as f:
                n += len(f.read())
        return n / (time.perf_counter() - start) / 1e6

    a, b = client(args.a), client(args.b)
    s3_mbps(a), s3_mbps(b)  # warm both
    rounds = []
    for _ in range(args.rounds):
        r = (s3_mbps(a), s3_mbps(b), tmpfs_mbps())
        rounds.append(r)
        print("A %.0f B %.0f tmpfs %.0f MB/s  A/B %.2f A/tmpfs %.2f B/tmpfs %.2f"
              % (*r, r[0] / r[1], r[0] / r[2], r[1] / r[2]), flush=True)
    median = lambda f: statistics.median(f(r) for r in rounds)
    print("median A/B %.2f A/tmpfs %.2f B/tmpfs %.2f"
          % (median(lambda r: r[0] / r[1]), median(lambda r: r[0] / r[2]), median(lambda r: r[1] / r[2])))


if __name__ == "__main__":
    main()
