"""A private PostgreSQL cluster for the run: Debian's binaries, a temporary data directory.

The machine's own cluster (127.0.0.1:5432) is never touched: this one listens on the
db host's address and on a socket in the run's directory only.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
from pathlib import Path

from scaleout.procs import Hosts, Proc, port_open, wait_for

PORT = 5432
USER = "postgres"


def bindir() -> Path | None:
    """Return the newest /usr/lib/postgresql/N/bin holding initdb and postgres."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


class Cluster:
    """initdb, start, stop, dump and restore the run's cluster."""

    def __init__(self, hosts: Hosts, root: Path):
        self.hosts, self.root = hosts, root
        self.bin = bindir()
        self.data, self.sock = root / "pgdata", root / "pgsock"
        self.proc: Proc | None = None

    @property
    def address(self) -> str:
        return self.hosts.topo.ip("db")

    def url(self, database: str = "petitiondesk") -> str:
        """Return the SQLAlchemy URL the hosts use."""
        return f"postgresql+psycopg://{USER}@{self.address}:{PORT}/{database}"

    def dsn(self, database: str = "petitiondesk") -> str:
        """Return the libpq DSN of a database (for the checks)."""
        return f"host={self.address} port={PORT} user={USER} dbname={database}"

    def start(self) -> None:
        """Create the cluster with trust for the run's subnet and start it on the db host."""
        for path in (self.data, self.sock):
            path.mkdir(mode=0o700)
            shutil.chown(path, USER, USER)
        done = self._tool("initdb", "-D", str(self.data), "-U", USER, "-E", "UTF8",
                          "--locale=C.UTF-8", "--auth=trust")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stdout}{done.stderr}")
        subnet = self.hosts.topo.subnet
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all all {subnet}.0/24 trust\n")
        self.proc = self.hosts.start("postgres", "db", [
            str(self.bin / "postgres"), "-D", str(self.data), "-p", str(PORT),
            "-c", f"listen_addresses={self.address}",
            "-c", f"unix_socket_directories={self.sock}",
            "-c", "max_connections=200", "-c", "log_min_messages=warning",
            "-c", "log_connections=off"], user=USER, stop_signal=signal.SIGINT)
        wait_for(lambda: port_open(self.address, PORT) and self._tool(
            "pg_isready", "-q", "-h", str(self.sock), "-p", str(PORT)).returncode == 0,
                 timeout=90, what="PostgreSQL to accept connections", proc=self.proc,
                 every=0.5)
        created = self._tool("createdb", "-h", str(self.sock), "-p", str(PORT), "-U", USER,
                             "petitiondesk")
        if created.returncode:
            raise RuntimeError(f"createdb failed: {created.stderr}")

    def _tool(self, name: str, *args: str):
        return self.hosts.run("db", [str(self.bin / name), *args], user=USER, timeout=300)

    def dump_and_restore(self, copy: str = "restored") -> dict:
        """pg_dump the database (custom format) and pg_restore it into `copy`."""
        dump = self.root / "petitiondesk.dump"
        # the dump file is written by the postgres user into its own directory
        dumped = self._tool("pg_dump", "-h", str(self.sock), "-p", str(PORT), "-U", USER,
                            "-Fc", "-f", str(self.sock / "petitiondesk.dump"), "petitiondesk")
        if dumped.returncode:
            raise RuntimeError(f"pg_dump failed: {dumped.stderr}")
        shutil.move(self.sock / "petitiondesk.dump", dump)
        os.chmod(dump, 0o644)
        created = self._tool("createdb", "-h", str(self.sock), "-p", str(PORT), "-U", USER,
                             copy)
        restored = self._tool("pg_restore", "-h", str(self.sock), "-p", str(PORT), "-U",
                              USER, "--no-owner", "--exit-on-error", "-d", copy, str(dump))
        if created.returncode or restored.returncode:
            raise RuntimeError(f"restore failed: {created.stderr}{restored.stderr}")
        return {"dump_bytes": dump.stat().st_size, "database": copy}

    def stop(self) -> None:
        """Stop the cluster (fast shutdown)."""
        if self.proc is not None:
            self.proc.stop(timeout=20)
