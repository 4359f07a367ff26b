"""Whether a worker's host name is this machine, which allows short-circuit reads (LocalAddresses)."""
import functools
import ipaddress
import socket


@functools.lru_cache(maxsize=1024)
def is_local(host: str) -> bool:
    """A loopback or wildcard address, one of this machine's interface addresses, or its own name."""
    if host.lower() == socket.gethostname().lower():
        return True
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    for family, _, _, _, sockaddr in infos:
        address = sockaddr[0]
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_loopback or ip.is_unspecified:
            return True
        # only an address of one of this machine's interfaces can be bound
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.bind((address, 0))
            return True
        except OSError:
            continue
    return False
