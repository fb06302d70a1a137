"""Where the phones reach the coach's machine: which address to advertise, and what to warn about.

Plain logic over a list of (interface, IPv4 address): the caller reads the machine's interfaces. A room's phones
are on the same Wi-Fi as the laptop, so a private LAN address is what a QR code should carry; loopback and
link-local addresses reach nobody else, and container bridges or carrier-grade NAT ranges usually do not
either (they are kept, with a warning, only when nothing better exists).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from facilitator.i18n import _

DEFAULT_PORT = 8765
CGNAT = ipaddress.ip_network("100.64.0.0/10")
# Docker's default bridge and the interface names container and VM tools give their bridges.
CONTAINER_NETWORKS = (ipaddress.ip_network("172.17.0.0/16"),)
CONTAINER_PREFIXES = ("docker", "br-", "veth", "virbr", "cni", "flannel", "podman", "lxc", "lxd", "vboxnet",
                      "vmnet", "tun", "tap", "wg", "zt", "tailscale", "utun")


@dataclass(frozen=True)
class JoinAddress:
    bind_host: str  # where the server listens
    public_host: str  # what phones put in the URL (and send as Host)
    port: int  # the port phones use; the server listens on it too unless forwarded
    warnings: tuple[str, ...] = ()
    scheme: str = "http"
    forwarded: bool = False  # --join-url: phones come through a forward whose port is not the one listened on

    @property
    def authority(self) -> str:
        return f"{self.public_host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.authority}"

    def url(self, token: str) -> str:
        return f"{self.origin}/j/{token}"


def _rank(name: str, address: ipaddress.IPv4Address) -> tuple[int, str | None]:
    """(preference, warning): lower is better; None for addresses no phone can reach."""
    if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
        return 99, None
    if address in CGNAT:
        return 3, _("{address} ({name}) is in the carrier-grade NAT range 100.64.0.0/10 (a VPN such as "
                    "Tailscale, or a mobile hotspot): phones must be on that network too.").format(address=address,
                                                                                               name=name)
    if name.lower().startswith(CONTAINER_PREFIXES) or any(address in n for n in CONTAINER_NETWORKS):
        return 4, _("{address} ({name}) looks like a container or virtual network: phones on the room's Wi-Fi "
                    "probably cannot reach it. Pass --join-host with the laptop's Wi-Fi address.").format(
                        address=address, name=name)
    if address.is_private:
        return 1, None
    return 2, None


def choose_lan_ipv4(interfaces: list[tuple[str, str]]) -> tuple[str | None, tuple[str, ...]]:
    """The best address to advertise and any warnings about it; None when only loopback or link-local exist."""
    ranked = []
    for index, (name, text) in enumerate(interfaces):
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        rank, warning = _rank(name, address)
        if rank < 99:
            ranked.append((rank, index, str(address), warning))
    if not ranked:
        return None, (_("This machine has no network address other phones can reach (only loopback or "
                        "link-local). Join the room's Wi-Fi, or pass --join-host or --join-url."),)
    rank, _index, address, warning = min(ranked)
    return address, (warning,) if warning else ()


def ssh_advice(ssh_connection: str | None, port: int) -> str | None:
    """Over SSH the phones cannot reach the remote machine: say how to forward a port from the laptop."""
    if not ssh_connection:
        return None
    parts = ssh_connection.split()
    server = parts[2] if len(parts) >= 3 else "SERVER"
    return _("You are on this machine over SSH: phones in the room cannot reach it. Forward a port from your "
             "laptop: ssh -L 0.0.0.0:{port}:127.0.0.1:{port} {server}, then run facilitator here with "
             "--join-url http://LAPTOP-IP:{port} (the laptop's Wi-Fi address).").format(port=port, server=server)


class JoinUrlError(ValueError):
    pass


def resolve(*, interfaces: list[tuple[str, str]], join_host: str | None = None, join_url: str | None = None,
            port: int = DEFAULT_PORT) -> JoinAddress:
    """The address from --join-url (a forward: phones use its host and port, the server listens on loopback or
    --join-host), else --join-host, else the best LAN address."""
    if join_url:
        parts = urlsplit(join_url.strip())
        if parts.scheme != "http" or not parts.hostname:
            raise JoinUrlError(_("--join-url must look like http://HOST:PORT, not '{url}'").format(url=join_url))
        if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
            raise JoinUrlError(_("--join-url is the address phones reach, like http://192.168.1.20:8765, without "
                                 "a path: the room's own path and token are added to it"))
        try:
            public_port = parts.port or 80
        except ValueError:
            raise JoinUrlError(_("--join-url has a port that is not a number: '{url}'").format(url=join_url)) from None
        host = parts.hostname
        return JoinAddress(bind_host=join_host or "127.0.0.1", public_host=f"[{host}]" if ":" in host else host,
                           port=public_port, forwarded=True)
    if join_host:
        return JoinAddress(bind_host=join_host, public_host=join_host, port=port)
    address, warnings = choose_lan_ipv4(interfaces)
    if address is None:
        return JoinAddress(bind_host="127.0.0.1", public_host="127.0.0.1", port=port, warnings=warnings)
    return JoinAddress(bind_host=address, public_host=address, port=port, warnings=warnings)
