"""A Ferry cluster of separate processes for the tests: `bin/ferry local start --no-fuse` with its
own state directory, tmpfs directory and free ports, stopped with `bin/ferry local stop`."""
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FERRY = REPO / "bin" / "ferry"


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
            return True
        except OSError:
            return False


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (workers listen on base + i)."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - count)
        if all(_free(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} consecutive free ports")


# the access key of the S3 endpoint of clusters started with s3=True
S3_ACCESS_KEY = "ferry-test-access-key"
S3_SECRET_KEY = "ferry-test-secret-key"


class LocalCluster:
    def __init__(self, workers: int = 1, masters: int = 1, conf: dict = None, s3: bool = False,
                 s3_keys: bool = True, secure=False):
        """conf: configuration of the daemons, as FERRY_* variables. s3: each worker serves the S3
        endpoint (on s3_port + its index), with the access key S3_ACCESS_KEY (or, without s3_keys,
        the one `ferry local start` makes itself). secure: True for `ferry local start --secure`
        (mutual TLS and TOKEN authentication), "mtls" for `--secure=mtls` (MTLS authentication: the user
        is the client certificate's); secure_env has the clients' settings."""
        self.secure = secure
        self.workers = workers
        self.masters = masters
        self.killed = set()  # indexes of the workers killed
        # in memory when there is a tmpfs: creating and removing tens of thousands of files on a
        # busy disk takes longer than the tests themselves
        tmp = "/dev/shm" if os.path.isdir("/dev/shm") else None
        self.state = Path(tempfile.mkdtemp(prefix="ferry-pytest-state-", dir=tmp))
        self.mem = Path(tempfile.mkdtemp(prefix="ferry-pytest-mem-", dir=tmp))
        self.master_port = free_ports(masters)
        self.worker_port = free_ports(workers)
        self.env = {k: v for k, v in os.environ.items() if k != "FERRY_MASTER_ADDRESSES"}
        self.env.update(FERRY_STATE_DIR=str(self.state), FERRY_LOCAL_MEM_DIR=str(self.mem),
                        FERRY_MASTER_RPC_PORT=str(self.master_port), FERRY_WORKER_RPC_PORT=str(self.worker_port),
                        # no web ports: clusters of several test modules may overlap while one stops
                        FERRY_MASTER_WEB_PORT="0", FERRY_WORKER_WEB_PORT="0", FERRY_LOCAL_MASTER_WEB_PORT="0")
        self.s3_port = free_ports(workers) if s3 else 0
        self.env["FERRY_WORKER_S3_PORT"] = str(self.s3_port)
        if s3 and s3_keys:
            credentials = self.state / "s3-credentials.properties"
            credentials.write_text(f"{S3_ACCESS_KEY}={S3_SECRET_KEY}\n")
            self.env["FERRY_S3_CREDENTIALS_FILE"] = str(credentials)
        self.env.update(conf or {})
        if masters > 1:
            self.env["FERRY_LOCAL_RAFT_PORT"] = str(free_ports(masters))

    @property
    def master(self) -> str:
        """The master's address; with several, all of them (host:port,host:port,...)."""
        return ",".join(f"localhost:{self.master_port + i}" for i in range(self.masters))

    @property
    def url(self) -> str:
        return f"ferry://{self.master}"

    @property
    def underfs(self) -> Path:
        """The under storage mounted at the root of the namespace."""
        return self.state / "underfs"

    def secure_env(self) -> dict:
        """The FERRY_* settings of a --secure cluster's clients: its CA, a client certificate and the
        token of the user who started it (a superuser)."""
        lines = (self.state / "secure.env").read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if line)

    def token_for(self, user: str) -> str:
        """A token a --secure cluster's master accepts for `user` (ferry admin token create)."""
        result = subprocess.run([str(FERRY), f"-Dferry.security.token.key.file={self.state}/secure/token.key",
                                 "admin", "token", "create", "--user", user, "--ttl", "1h"],
                                env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"ferry admin token create failed:\n{result.stderr}")
        return result.stdout.strip()

    def certificate_for(self, user: str) -> dict:
        """The FERRY_* settings of a --secure cluster's client presenting a certificate of `user`
        (CN=user, signed by the cluster's CA: ferry admin tls user)."""
        secure = self.state / "secure"
        result = subprocess.run([str(FERRY), "admin", "tls", "user", "--dir", str(secure), "--user", user],
                                env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"ferry admin tls user failed:\n{result.stderr}")
        return dict(self.secure_env(), FERRY_SECURITY_TLS_CERT=str(secure / f"user-{user}.pem"),
                    FERRY_SECURITY_TLS_KEY=str(secure / f"user-{user}.key"))

    def _secure_flags(self) -> list:
        if self.secure is True:
            return ["--secure"]
        return [f"--secure={self.secure}"] if self.secure else []

    def s3_endpoint(self, index: int = 0) -> str:
        """The URL of worker `index`'s S3 endpoint (https for a --secure cluster: its certificate names
        localhost)."""
        if self.secure:
            return f"https://localhost:{self.s3_port + index}"
        return f"http://127.0.0.1:{self.s3_port + index}"

    def worker_rpc_port(self, index: int) -> int:
        return self.worker_port + index

    def start(self):
        result = subprocess.run([str(FERRY), "local", "start", "--no-fuse", "--workers", str(self.workers),
                                 "--masters", str(self.masters)] + self._secure_flags(),
                                env=self.env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            self.stop()
            raise RuntimeError(f"bin/ferry local start failed:\n{result.stdout}\n{result.stderr}")
        if self.s3_port:
            for index in range(self.workers):
                _wait_for_port(self.s3_port + index)
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def kill_worker(self, index: int):
        """kill -9 of one worker."""
        self._kill(f"worker-{index}")
        self.killed.add(index)

    def kill_master(self, address: str):
        """kill -9 of the master at host:port (of several)."""
        self._kill(f"master-{int(address.rsplit(':', 1)[1]) - self.master_port}")

    def _kill(self, name: str):
        pid = int((self.state / "pids" / f"{name}.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self):
        subprocess.run([str(FERRY), "local", "stop"], env=self.env, capture_output=True, timeout=120)
        shutil.rmtree(self.mem, ignore_errors=True)
        shutil.rmtree(self.state, ignore_errors=True)


def _wait_for_port(port: int, timeout: float = 30):
    """Waits until something listens on the loopback `port` (a worker serves S3 just after its RPC port)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on port {port} after {timeout} s")
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
