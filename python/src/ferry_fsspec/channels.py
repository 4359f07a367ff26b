"""gRPC channels of one process. A channel must never cross a fork: FerryClient drops its Channels
in a forked child (os.register_at_fork) and the child opens its own on first use."""
import threading

import grpc

_OPTIONS = [
    ("grpc.max_receive_message_length", 64 << 20),
    ("grpc.max_send_message_length", 64 << 20),
]


class Channels:
    """Insecure channels by "host:port", opened on first use and shared by every call."""

    def __init__(self):
        self._lock = threading.Lock()
        self._channels = {}

    def get(self, address: str) -> grpc.Channel:
        channel = self._channels.get(address)
        if channel is None:
            with self._lock:
                channel = self._channels.get(address)
                if channel is None:
                    channel = grpc.insecure_channel(address, options=_OPTIONS)
                    self._channels[address] = channel
        return channel

    def close(self):
        with self._lock:
            channels, self._channels = list(self._channels.values()), {}
        for c in channels:
            c.close()
