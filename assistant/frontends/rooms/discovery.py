"""Wyoming services announced on the network (zeroconf), found to be offered to the user."""

import socket
import time

from zeroconf import ServiceBrowser, ServiceInfo, ServiceListener, Zeroconf

SERVICE = "_wyoming._tcp.local."
LOOK_SECONDS = 3.0
"""How long to listen for announcements."""

Found = tuple[str, str, int]
"""A service's name, host and port."""


class _Collector(ServiceListener):
    """Keeps each service announced."""

    def __init__(self) -> None:
        self.found: dict[str, Found] = {}

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        info = zc.get_service_info(type_, name)
        if info is not None and info.port is not None and info.addresses:
            self.found[name] = (_short(name), _host(info), info.port)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.add_service(zc, type_, name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.found.pop(name, None)


def find_satellites(seconds: float = LOOK_SECONDS) -> list[Found]:
    """The Wyoming services that answer within ``seconds``."""
    zeroconf = Zeroconf()
    collector = _Collector()
    try:
        ServiceBrowser(zeroconf, SERVICE, collector)
        time.sleep(seconds)
    finally:
        zeroconf.close()
    return sorted(collector.found.values())


def _short(name: str) -> str:
    return name.removesuffix("." + SERVICE)


def _host(info: ServiceInfo) -> str:
    return socket.inet_ntoa(info.addresses[0])
