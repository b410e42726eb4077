"""The hosts: one network namespace each, every one cabled to a bridge in a switch namespace.

Nothing is added to the machine's own namespace: the bridge, the addresses and the
routes live in the run's namespaces, whose names carry the run id, so two runs (or
anything else on the machine) cannot collide. Deleting the namespaces removes the cables.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from dataclasses import dataclass

HOSTS = {  # host name: last octet of its address
    "db": 1, "web1": 11, "web2": 12, "sched1": 21, "sched2": 22, "smtp": 31, "client": 41,
}


@dataclass(frozen=True)
class Topology:
    """The namespaces and addresses of one run."""

    run_id: str
    subnet: str = "10.217.17"

    def ns(self, host: str) -> str:
        """Return the namespace name of a host."""
        return f"pdso-{self.run_id}-{host}"

    @property
    def switch(self) -> str:
        return f"pdso-{self.run_id}-sw"

    def ip(self, host: str) -> str:
        """Return the address of a host."""
        return f"{self.subnet}.{HOSTS[host]}"

    def host_of(self, address: str) -> str | None:
        """Return the host with this address."""
        return next((h for h in HOSTS if self.ip(h) == address), None)

    def names(self) -> list[str]:
        """Return every namespace of the run."""
        return [self.switch] + [self.ns(h) for h in HOSTS]

    def exec_prefix(self, host: str) -> list[str]:
        """Return the command prefix that runs a program on a host."""
        return ["ip", "netns", "exec", self.ns(host)]


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


def create(topo: Topology) -> None:
    """Create the switch and every host, cabled and addressed."""
    _ip("netns", "add", topo.switch)
    _ip("-n", topo.switch, "link", "add", "br0", "type", "bridge")
    _ip("-n", topo.switch, "link", "set", "dev", "br0", "up")
    for host in HOSTS:
        ns = topo.ns(host)
        _ip("netns", "add", ns)
        # both ends are born inside their namespaces: no name in the machine's own
        _ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", host,
            "netns", topo.switch)
        _ip("-n", topo.switch, "link", "set", "dev", host, "master", "br0")
        _ip("-n", topo.switch, "link", "set", "dev", host, "up")
        _ip("-n", ns, "addr", "add", f"{topo.ip(host)}/24", "dev", "eth0")
        _ip("-n", ns, "link", "set", "dev", "eth0", "up")
        _ip("-n", ns, "link", "set", "dev", "lo", "up")


def existing(run_id: str) -> list[str]:
    """Return the namespaces of a run that exist now."""
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    prefix = f"pdso-{run_id}-"
    return [line.split()[0] for line in listed.splitlines() if line.startswith(prefix)]


def destroy(run_id: str) -> list[str]:
    """Kill what still runs in the run's namespaces, then delete them; return their names."""
    names = existing(run_id)
    for ns in names:
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                              text=True).stdout.split()
        for pid in pids:
            if int(pid) != os.getpid():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
    for ns in names:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    return names
