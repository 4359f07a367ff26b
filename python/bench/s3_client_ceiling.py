"""How fast boto3 can read from any S3 endpoint on this machine: the objects of a directory read whole, one
after the other, with boto3's get_object (as `bin/ferry bench python` does), from Ferry's S3 endpoint and
from a reference server that does nothing but answer each GET with sendfile(2) of the same bytes on tmpfs,
in alternating rounds, each against reading the files from tmpfs in the same round. The reference server
is the ceiling of any endpoint: what is left is boto3's own cost per request and per byte.
Credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (the endpoint's), as for bench python.

    python3 python/bench/s3_client_ceiling.py --endpoint http://localhost:39999 --bucket bench-python \
        --prefix large/ --tmpfs /dev/shm/ferry-bench-python/bench-python/large --rounds 7
"""
import argparse
import os
import socket
import statistics
import threading
import time

import boto3
from botocore.config import Config


class SendfileServer:
    """A keep-alive HTTP/1.1 server on loopback answering GET /BUCKET/PREFIX/NAME with the file NAME of a
    directory, sent with sendfile(2): no parsing beyond the request line, no authentication."""

    def __init__(self, directory: str):
        self.directory = directory
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            connection, _ = self.socket.accept()
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection):
        with connection, connection.makefile("rb") as requests:
            while line := requests.readline():
                name = line.split()[1].decode().split("?")[0].rsplit("/", 1)[-1]
                while requests.readline() not in (b"\r\n", b""):
                    pass  # the headers
                fd = os.open(os.path.join(self.directory, name), os.O_RDONLY)
                try:
                    size = os.fstat(fd).st_size
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nETag: \"0\"\r\n"
                                       b"Content-Type: application/octet-stream\r\n\r\n" % size)
                    sent = 0
                    while sent < size:
                        sent += os.sendfile(connection.fileno(), fd, sent, size - sent)
                finally:
                    os.close(fd)


def mbps(read, names) -> float:
    start = time.perf_counter()
    total = sum(read(n) for n in names)
    return total / (time.perf_counter() - start) / 1e6


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", required=True, help="Ferry's S3 endpoint, e.g. http://localhost:39999")
    p.add_argument("--bucket", default="bench-python")
    p.add_argument("--prefix", default="large/", help="key prefix of the objects (a directory)")
    p.add_argument("--tmpfs", required=True, help="directory holding the same objects as files")
    p.add_argument("--rounds", type=int, default=7)
    args = p.parse_args()
    names = sorted(os.listdir(args.tmpfs))
    reference = SendfileServer(args.tmpfs)
    config = Config(s3={"addressing_style": "path"}, signature_version="s3v4")
    clients = {"ferry": boto3.client("s3", endpoint_url=args.endpoint, region_name="us-east-1", config=config),
               "sendfile": boto3.client("s3", endpoint_url=f"http://127.0.0.1:{reference.port}",
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
            s3, local = mbps(get(client), names), mbps(tmpfs, names)
            if r > 0:
                ratios[endpoint].append(s3 / local)
            line.append(f"{endpoint} {s3:.0f} MB/s / tmpfs {local:.0f} = {s3 / local:.2f}")
        print(f"round {r}{' (warm-up)' if r == 0 else ''}: " + " | ".join(line)
              + f" | load {os.getloadavg()[0]:.1f}", flush=True)
    print("median s3/tmpfs: " + ", ".join(f"{e} {statistics.median(v):.2f}" for e, v in ratios.items()))


if __name__ == "__main__":
    main()
