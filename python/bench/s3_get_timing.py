"""Where the time of a GET from the S3 endpoint goes: each object of a directory fetched whole over one
keep-alive connection with Python's http.client (presigned URLs: no botocore in the loop), timing the wait
for the response's headers apart from the reading of the body, with the client's own CPU per GiB; then
the same files read from tmpfs, in the same round. Credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.

    python3 python/bench/s3_get_timing.py --endpoint http://localhost:39999 \
        --tmpfs /dev/shm/ferry-bench-python/bench-python/large --rounds 5
"""
import argparse
import http.client
import os
import resource
import statistics
import time
import urllib.parse

import boto3
from botocore.config import Config


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True, help="the S3 endpoint, e.g. http://localhost:39999")
    p.add_argument("--bucket", default="bench-python")
    p.add_argument("--prefix", default="large/", help="key prefix of the objects (a directory)")
    p.add_argument("--tmpfs", default="/dev/shm/ferry-bench-python/bench-python/large",
                   help="directory holding the same objects as files")
    p.add_argument("--objects", type=int, default=64)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    names = sorted(os.listdir(args.tmpfs))[:args.objects]
    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1",
                      config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))
    s3.list_objects_v2(Bucket=args.bucket, Prefix=args.prefix, Delimiter="/")  # the endpoint caches the statuses
    targets = []
    for name in names:
        url = urllib.parse.urlsplit(s3.generate_presigned_url(
            "get_object", Params={"Bucket": args.bucket, "Key": args.prefix + name}, ExpiresIn=3600))
        targets.append(url.path + "?" + url.query)
    endpoint = urllib.parse.urlsplit(args.endpoint)
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port)

    def s3_round():
        headers_ms, body_ms, total = [], [], 0
        start, cpu = time.perf_counter(), cpu_seconds()
        for target in targets:
            sent = time.perf_counter()
            connection.request("GET", target)
            response = connection.getresponse()
            answered = time.perf_counter()
            total += len(response.read())
            if response.status != 200:
                raise SystemExit(f"GET {target.split('?')[0]}: HTTP {response.status}")
            headers_ms.append((answered - sent) * 1e3)
            body_ms.append((time.perf_counter() - answered) * 1e3)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        return total / seconds / 1e6, statistics.median(headers_ms), statistics.median(body_ms), cpu / (total / 2**30)

    def tmpfs_round():
        start, cpu, total = time.perf_counter(), cpu_seconds(), 0
        for name in names:
            with open(os.path.join(args.tmpfs, name), "rb") as f:
                total += len(f.read())
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        return total / seconds / 1e6, cpu / (total / 2**30)

    s3_round(), tmpfs_round()  # warm
    for _ in range(args.rounds):
        s3_mbps, headers, body, s3_cpu = s3_round()
        tmpfs_mbps, tmpfs_cpu = tmpfs_round()
        print(f"s3 {s3_mbps:.0f} MB/s (headers after {headers:.2f} ms, body in {body:.2f} ms, median; "
              f"client CPU {s3_cpu:.2f} s/GiB) | tmpfs {tmpfs_mbps:.0f} MB/s (CPU {tmpfs_cpu:.2f} s/GiB) | "
              f"s3/tmpfs {s3_mbps / tmpfs_mbps:.2f} | load {os.getloadavg()[0]:.0f}", flush=True)


if __name__ == "__main__":
    main()
