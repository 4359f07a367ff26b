"""gRPC channels of one process. A channel must never cross a fork: FerryClient drops its Channels
in a forked child (os.register_at_fork) and the child opens its own on first use."""
import threading

import grpc

from .credentials import Credentials

_OPTIONS = [
    ("grpc.max_receive_message_length", 64 << 20),
    ("grpc.max_send_message_length", 64 << 20),
]


class Channels:
    """Channels by "host:port", opened on first use and shared by every call: TLS when the
    configuration has it on (ferry.security.tls.*), each call carrying the client's credentials."""

    def __init__(self, config):
        self._lock = threading.Lock()
        self._channels = {}
        self._tls = config.tls
        self._credentials = Credentials.of(config)

    def get(self, address: str) -> grpc.Channel:
        channel = self._channels.get(address)
        if channel is None:
            with self._lock:
                channel = self._channels.get(address)
                if channel is None:
                    channel = grpc.intercept_channel(self._open(address), self._credentials)
                    self._channels[address] = channel
        return channel

    def _open(self, address: str) -> grpc.Channel:
        if self._tls is None:
            return grpc.insecure_channel(address, options=_OPTIONS)
        return grpc.secure_channel(address, grpc.ssl_channel_credentials(
            root_certificates=_read(self._tls.ca), private_key=_read(self._tls.key),
            certificate_chain=_read(self._tls.cert)), options=_OPTIONS)

    def close(self):
        with self._lock:
            channels, self._channels = list(self._channels.values()), {}
        for c in channels:
            c.close()


def _read(path: str):
    """A PEM file's bytes, read again for every channel (rotated files are picked up); None if unset
    (the system's CAs, no client certificate)."""
    if not path:
        return None
    with open(path, "rb") as f:
        return f.read()
