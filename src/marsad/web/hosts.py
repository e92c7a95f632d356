"""Which ``Host`` headers ``marsad serve`` answers (a defence against DNS rebinding).

A web page the analyst visits can make its own host name resolve to 127.0.0.1 and then read
``http://its-name:8000/api/...`` from the browser as a same-origin request: the local server
would hand the whole corpus to that page. The browser still sends the page's own name in the
``Host`` header, so the server answers only the names it is bound to:

* bound to a loopback address: ``localhost``, ``127.0.0.1``, ``[::1]`` (and the address given);
* bound to one address or name: that one;
* bound to every address (``0.0.0.0``, ``::``): any IP address written as such (an attacker's
  page cannot put an address in ``Host``: rebinding needs a name) and ``localhost``;

plus every name given with ``--allow-host``. The port in the header is not compared: the
name is what a rebinding attacker controls.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """The host names a server answers; ``any_ip``: also any literal IP address."""

    names: frozenset[str]
    any_ip: bool = False

    def allows(self, host_header: str | None) -> bool:
        name = host_name(host_header or "")
        if not name:
            return False
        if name in self.names:
            return True
        return self.any_ip and _is_ip(name)

    def describe(self) -> str:
        shown = sorted(self.names)
        return ", ".join(shown) + (" or any IP address" if self.any_ip else "")


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, lower case, without port or IPv6 brackets."""
    value = host_header.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else ""
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def policy_for(bind_host: str, extra: Iterable[str] = ()) -> HostPolicy:
    """The names a server bound to ``bind_host`` answers (see the module docstring)."""
    bind = host_name(bind_host) if not _is_ip(bind_host) else bind_host.lower()
    names = {host_name(e) for e in extra if host_name(e)}
    any_ip = bind in WILDCARD_ADDRESSES
    loopback = bind in LOOPBACK_NAMES or (_is_ip(bind) and ipaddress.ip_address(bind).is_loopback)
    if loopback or any_ip:
        names |= LOOPBACK_NAMES
    if bind and not any_ip:
        names.add(bind)
    return HostPolicy(frozenset(names), any_ip)
