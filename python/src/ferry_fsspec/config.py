"""The client configuration, read like the Java client reads it.

Defaults, then ferry-site.properties in FERRY_CONF_DIR, then FERRY_* environment variables
(ferry.user.rpc.timeout -> FERRY_USER_RPC_TIMEOUT), then the file system's own options.
"""
import os
import re
from dataclasses import dataclass, replace
from typing import List, Mapping, Optional

DEFAULTS = {
    "ferry.master.hostname": "localhost",
    "ferry.master.rpc.port": "19998",
    "ferry.master.addresses": "",
    "ferry.user.block.size": "64MB",
    "ferry.user.write.type": "CACHE_THROUGH",
    "ferry.user.short.circuit.enabled": "true",
    "ferry.user.rpc.timeout": "30s",
    "ferry.user.master.failover.timeout": "30s",
    "ferry.user.worker.list.refresh": "10s",
    "ferry.security.tls.enabled": "false",
    "ferry.security.tls.ca": "",
    "ferry.security.tls.cert": "",
    "ferry.security.tls.key": "",
    "ferry.security.token": "",
    "ferry.security.token.file": "",
}
# environment variables that stand for a key, as the Java client's (FerryConfiguration.ENV_ALIASES)
ENV_ALIASES = {"FERRY_TOKEN": "ferry.security.token"}
WRITE_TYPES = ("CACHE_THROUGH", "THROUGH", "MUST_CACHE")

_BYTES = re.compile(r"(\d+)\s*([kmgt]?)(i?b)?", re.I)
_DURATION = re.compile(r"(\d+)\s*(ms|s|m|h|d)?", re.I)


def parse_bytes(key: str, raw: str) -> int:
    m = _BYTES.fullmatch(raw.strip())
    if not m:
        raise ValueError(f"Configuration key '{key}' has '{raw}'; expected a byte size such as 1048576, 64MB or 1GiB")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2).lower()]


def parse_seconds(key: str, raw: str) -> float:
    m = _DURATION.fullmatch(raw.strip())
    if not m:
        raise ValueError(f"Configuration key '{key}' has '{raw}'; expected a duration such as 500ms, 30s, 5m or 1h")
    unit = (m.group(2) or "ms").lower()
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


def parse_addresses(key: str, raw: str) -> List[str]:
    """A comma-separated list of host:port."""
    out = []
    for part in raw.split(","):
        a = part.strip()
        if not a:
            continue
        host, _, port = a.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) <= 65535:
            raise ValueError(f"Configuration key '{key}' has '{a}'; each address must be host:port")
        if a not in out:
            out.append(a)
    if not out:
        raise ValueError(f"Configuration key '{key}' lists no address")
    return out


def _env_name(key: str) -> str:
    return key.upper().replace(".", "_").replace("-", "_")


def _site_properties(conf_dir: str) -> dict:
    """The keys of ferry-site.properties (a Java properties file; Ferry's values need no escapes)."""
    path = os.path.join(conf_dir, "ferry-site.properties")
    if not os.path.isfile(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            m = re.match(r"([^=:\s]+)\s*[=:\s]\s*(.*)", line)
            if m:
                out[m.group(1)] = m.group(2)
    return out


@dataclass(frozen=True)
class FerryConfig:
    master_addresses: tuple
    master_port: int  # of addresses given without one (ferry://host/path)
    block_size: int
    write_type: str
    short_circuit: bool
    rpc_timeout: float
    failover_timeout: float
    worker_list_refresh: float
    tls: Optional["TlsFiles"] = None  # None: plaintext
    token: str = ""  # presented to the master when not empty (TOKEN authentication)

    @staticmethod
    def load(env: Optional[Mapping[str, str]] = None) -> "FerryConfig":
        env = os.environ if env is None else env
        raw = dict(DEFAULTS)
        conf_dir = env.get("FERRY_CONF_DIR") or os.path.join(env.get("FERRY_HOME", "."), "conf")
        raw.update({k: v for k, v in _site_properties(conf_dir).items() if k in DEFAULTS})
        for key in DEFAULTS:
            if _env_name(key) in env:
                raw[key] = env[_env_name(key)]
        for alias, key in ENV_ALIASES.items():
            if env.get(alias):
                raw[key] = env[alias]
        addresses = raw["ferry.master.addresses"].strip()
        masters = (parse_addresses("ferry.master.addresses", addresses) if addresses
                   else [f"{raw['ferry.master.hostname']}:{raw['ferry.master.rpc.port']}"])
        return FerryConfig(
            master_addresses=tuple(masters),
            master_port=int(raw["ferry.master.rpc.port"]),
            block_size=parse_bytes("ferry.user.block.size", raw["ferry.user.block.size"]),
            write_type=check_write_type(raw["ferry.user.write.type"]),
            short_circuit=raw["ferry.user.short.circuit.enabled"].strip().lower() == "true",
            rpc_timeout=parse_seconds("ferry.user.rpc.timeout", raw["ferry.user.rpc.timeout"]),
            failover_timeout=parse_seconds("ferry.user.master.failover.timeout",
                                           raw["ferry.user.master.failover.timeout"]),
            worker_list_refresh=parse_seconds("ferry.user.worker.list.refresh", raw["ferry.user.worker.list.refresh"]),
            tls=TlsFiles.of(raw),
            token=token_of(raw),
        )

    def with_options(self, master=None, write_type=None, block_size=None, short_circuit=None,
                     rpc_timeout=None) -> "FerryConfig":
        """A copy with the file system's options (None = keep): master is "host:port", "host" (the
        configured port) or "h1:p1,h2:p2,h3:p3" (an HA quorum)."""
        changes = {}
        if master:
            with_ports = ",".join(a if ":" in a else f"{a}:{self.master_port}" for a in master.split(",") if a)
            changes["master_addresses"] = tuple(parse_addresses("master", with_ports))
        if write_type:
            changes["write_type"] = check_write_type(write_type)
        if block_size:
            changes["block_size"] = parse_bytes("block_size", str(block_size))
        if short_circuit is not None:
            changes["short_circuit"] = bool(short_circuit)
        if rpc_timeout:
            changes["rpc_timeout"] = float(rpc_timeout)
        return replace(self, **changes)


@dataclass(frozen=True)
class TlsFiles:
    """The PEM files of ferry.security.tls.* (paths; "" when not set), read when a channel opens."""
    ca: str
    cert: str
    key: str

    @staticmethod
    def of(raw: Mapping[str, str]) -> Optional["TlsFiles"]:
        if raw["ferry.security.tls.enabled"].strip().lower() != "true":
            return None
        files = TlsFiles(*(raw[f"ferry.security.tls.{k}"].strip() for k in ("ca", "cert", "key")))
        if bool(files.cert) != bool(files.key):
            raise ValueError("Configuration keys 'ferry.security.tls.cert' and 'ferry.security.tls.key' go "
                             "together: set both or neither")
        for key, path in (("ca", files.ca), ("cert", files.cert), ("key", files.key)):
            if path and not os.access(path, os.R_OK):
                raise ValueError(f"Configuration key 'ferry.security.tls.{key}' names {path}, which cannot be read")
        return files


def token_of(raw: Mapping[str, str]) -> str:
    """The token to present: ferry.security.token (FERRY_TOKEN), else the content of
    ferry.security.token.file, else none."""
    token = raw["ferry.security.token"].strip()
    path = raw["ferry.security.token.file"].strip()
    if token or not path:
        return token
    try:
        with open(path, encoding="ascii") as f:
            return f.read().strip()
    except OSError as e:
        raise ValueError(f"Cannot read the token file {path} ('ferry.security.token.file'): {e.strerror}") from None


def check_write_type(value: str) -> str:
    name = value.strip().upper()
    if name not in WRITE_TYPES:
        raise ValueError(f"Unknown write type '{value}'; expected one of {', '.join(WRITE_TYPES)}")
    return name
