"""Which address the join QR code carries, and what the coach is told about it."""

from __future__ import annotations

import pytest

from facilitator.core.join_address import JoinUrlError, choose_lan_ipv4, resolve, ssh_advice


def test_a_private_lan_address_wins_over_loopback_link_local_containers_and_cgnat():
    interfaces = [("lo", "127.0.0.1"), ("eth1", "169.254.3.4"), ("docker0", "172.17.0.1"),
                  ("tailscale0", "100.101.1.2"), ("wlan0", "192.168.1.20"), ("eth0", "fe80::1")]
    assert choose_lan_ipv4(interfaces) == ("192.168.1.20", ())


def test_a_container_or_cgnat_address_comes_with_a_warning_when_nothing_better_exists():
    address, warnings = choose_lan_ipv4([("lo", "127.0.0.1"), ("eth0", "172.17.0.5")])
    assert address == "172.17.0.5" and "container" in warnings[0]
    address, warnings = choose_lan_ipv4([("utun3", "100.64.1.1")])
    assert address == "100.64.1.1" and "100.64.0.0/10" in warnings[0]
    address, warnings = choose_lan_ipv4([("br-1234", "10.0.0.2"), ("wg0", "100.64.0.9")])
    assert address == "100.64.0.9" and "carrier-grade" in warnings[0]  # CGNAT ranks above a container bridge


def test_only_loopback_falls_back_to_loopback_and_says_so():
    joined = resolve(interfaces=[("lo", "127.0.0.1"), ("eth0", "169.254.1.1")])
    assert joined.public_host == "127.0.0.1" and "no network address" in joined.warnings[0]


def test_join_host_and_join_url_override_the_address():
    assert resolve(interfaces=[], join_host="10.1.2.3").url("TOKEN") == "http://10.1.2.3:8765/j/TOKEN"
    forwarded = resolve(interfaces=[], join_url="http://192.168.1.20:9000/")
    assert forwarded.bind_host == "127.0.0.1" and forwarded.forwarded
    assert forwarded.url("T") == "http://192.168.1.20:9000/j/T" and forwarded.authority == "192.168.1.20:9000"
    for bad in ("https://x:1", "ftp://x", "http://x:1/path", "http://x:port", "192.168.1.2:80"):
        with pytest.raises(JoinUrlError):
            resolve(interfaces=[], join_url=bad)


def test_over_ssh_the_coach_is_told_how_to_forward_a_port():
    assert ssh_advice(None, 8765) is None
    advice = ssh_advice("10.0.0.5 52144 10.0.0.9 22", 8765)
    assert "ssh -L 0.0.0.0:8765:127.0.0.1:8765 10.0.0.9" in advice and "--join-url" in advice
