"""The machine's IPv4 addresses, read with ifaddr (a small, well-kept library that works on Linux, macOS and
Windows); which one phones get is decided in core/join_address.py."""

from __future__ import annotations

import os

from facilitator.core.join_address import DEFAULT_PORT, JoinAddress, resolve, ssh_advice


def interfaces() -> list[tuple[str, str]]:
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):  # IPv4; IPv6 addresses come as tuples
                found.append((adapter.nice_name, ip.ip))
    return found


def join_address(join_host: str | None = None, join_url: str | None = None) -> JoinAddress:
    return resolve(interfaces=[] if join_host or join_url else interfaces(), join_host=join_host,
                   join_url=join_url, port=DEFAULT_PORT)


def remote_advice(address: JoinAddress) -> str | None:
    """Over SSH without a forward the phones cannot reach this machine: say so, and how to fix it."""
    if address.forwarded:
        return None
    return ssh_advice(os.environ.get("SSH_CONNECTION"), address.port)
