"""Reaching the event's page from the room: this machine's addresses on its
local networks, and QR codes of an address (segno: SVG for the poster page,
text for the terminal), made here, with nothing loaded from outside."""

from __future__ import annotations

import ipaddress
import socket


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its local networks (loopback and
    link-local left out), read from the interfaces: nothing is sent."""
    found = [*_interface_addresses(), *_host_addresses()]
    usable = []
    for text in dict.fromkeys(found):
        address = ipaddress.ip_address(text)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            usable.append(text)
    # Private addresses first: the room's Wi-Fi, not a public interface.
    return sorted(usable, key=lambda text: not ipaddress.ip_address(text).is_private)


def _interface_addresses() -> list[str]:
    """Linux: each interface's address, asked of the kernel (SIOCGIFADDR)."""
    try:
        import fcntl
        import struct

        names = [name for _, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                packed = struct.pack("256s", name.encode()[:15])
                answer = fcntl.ioctl(probe.fileno(), 0x8915, packed)  # SIOCGIFADDR
            except OSError:
                continue  # an interface without an IPv4 address
            addresses.append(socket.inet_ntoa(answer[20:24]))
    return addresses


def _host_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def qr_svg(url: str) -> str:
    """The address as a QR code in SVG, scaled by the page (no fixed size)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=1, border=2, xmldecl=False,
                                    svgns=True, title=url, omitsize=True)  # fmt: skip
    return out.getvalue().decode("utf-8")


def qr_text(url: str) -> str:
    """The address as a QR code a terminal shows (two rows a line)."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()
