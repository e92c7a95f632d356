"""A throwaway PostgreSQL server for the tests (the PostgreSQL half of the store tests).

``PgServer.start()`` uses, in this order:

1. ``$MARSAD_TEST_POSTGRES``: the URL of a running server whose user may create databases
   (e.g. ``postgresql://postgres@localhost/postgres``);
2. the server binaries (``initdb``, ``pg_ctl``: on PATH or in Debian's
   ``/usr/lib/postgresql/<version>/bin``): a new cluster in a temporary directory, listening
   only on a Unix socket inside it, with durability off (fsync: nothing here survives the
   test session). As root, the cluster runs as the ``postgres`` user (PostgreSQL refuses
   to run as root), through ``runuser``.

When neither is available, ``start`` raises ``Unavailable`` with the reason, which the
fixture turns into a skip. Each test gets a database of its own (``new_database``).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

ENV_URL = "MARSAD_TEST_POSTGRES"


class Unavailable(Exception):
    """No PostgreSQL server can be used or started here (the message says why)."""


def _binaries() -> tuple[str, str] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if versions:
        bindir = Path(versions[-1]).parent
        return str(bindir / "initdb"), str(bindir / "pg_ctl")
    return None


class PgServer:
    def __init__(self, admin_url: str, tmpdir: str | None = None,
                 stop: list[str] | None = None) -> None:
        self.admin_url = admin_url  # a URL of the maintenance database
        self._tmpdir = tmpdir
        self._stop = stop
        self._names = itertools.count(1)
        self._prefix = f"marsad_test_{os.getpid()}_"

    @classmethod
    def start(cls, durable: bool = False) -> PgServer:
        """``durable``: PostgreSQL's default fsync and synchronous commit (benchmarks);
        the tests run without them."""
        url = os.environ.get(ENV_URL)
        if url:
            server = cls(url)
            server._check()
            return server
        found = _binaries()
        if found is None:
            raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl): install Debian's "
                              f"'postgresql' package, or set {ENV_URL} to a server URL")
        initdb, pg_ctl = found
        prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no 'postgres' user to run "
                                  "the server as") from None
            if not shutil.which("runuser"):
                raise Unavailable("running as root and 'runuser' is missing")
            prefix = ["runuser", "-u", "postgres", "--"]
        tmpdir = tempfile.mkdtemp(prefix="marsad-pg-")
        if prefix:
            shutil.chown(tmpdir, "postgres", "postgres")
        data = os.path.join(tmpdir, "data")
        try:
            subprocess.run([*prefix, initdb, "-D", data, "-A", "trust", "-U", "marsad",
                            "-E", "UTF8", "--no-locale", "-N"],
                           check=True, capture_output=True, text=True, timeout=120)
            options = f"-k {tmpdir} -c listen_addresses='' -p 5432 -c max_connections=60"
            if not durable:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            subprocess.run([*prefix, pg_ctl, "-D", data, "-l", os.path.join(tmpdir, "log"),
                            "-w", "-t", "60", "-o", options, "start"],
                           check=True, capture_output=True, text=True, timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            log = Path(tmpdir, "log")
            detail = getattr(exc, "stderr", "") or ""
            if log.exists():
                detail += log.read_text(errors="replace")[-2000:]
            shutil.rmtree(tmpdir, ignore_errors=True)
            raise Unavailable(f"could not start a PostgreSQL server: {exc} {detail}") from exc
        stop = [*prefix, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"]
        server = cls(f"postgresql://marsad@/postgres?host={tmpdir}&port=5432", tmpdir, stop)
        server._check()
        return server

    def _check(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            self.stop()
            raise Unavailable(f"cannot connect to the PostgreSQL test server: {exc}") from exc

    def url(self, dbname: str) -> str:
        base, _, query = self.admin_url.partition("?")
        head, _, _ = base.rpartition("/")
        return f"{head}/{dbname}" + (f"?{query}" if query else "")

    def new_database(self, name: str = "t") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        dbname = f"{self._prefix}{next(self._names)}_{''.join(c for c in name if c.isalnum())}"[:63]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(dbname)

    def drop_databases(self) -> None:
        """Drop the databases this session made (on a server it did not start)."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (self._prefix + "%",))]
            for n in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, timeout=60)
            self._stop = None
        elif self._tmpdir is None:
            with contextlib.suppress(Exception):  # the server may be gone: nothing to clean
                self.drop_databases()
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
