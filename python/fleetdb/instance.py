"""Throwaway PostgreSQL clusters for tests and rehearsals: root-safe, tuned for speed, never left behind.

PostgreSQL refuses to run as root, and CI runs as root. When the caller is root the server runs as the
unprivileged ``postgres`` account (created by Debian's postgresql package) through ``runuser``; otherwise it
runs as the caller. Both paths drive pytest-postgresql's ``PostgreSQLExecutor``, the engine of its process
fixture, so the CLI and the pytest plugin start servers with the same code.

A server stops when its ``Instance`` is stopped, at interpreter exit, and on SIGTERM/SIGINT where the caller
installed ``stop_on_signals``. A server whose owner was killed with SIGKILL is stopped by the next
``start_instance`` call (``reap_stray_instances``): each instance directory records its owner's pid.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import port_for
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from pytest_postgresql.executors import PostgreSQLExecutor

from fleetdb.errors import FleetdbError, ToolMissing

SUPERUSER = "postgres"
UNPRIVILEGED_ACCOUNT = "postgres"
# Durability is worthless for a cluster that is deleted after the run, and costs most of a test's time.
TEST_SETTINGS: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "256MB",
    "max_locks_per_transaction": "256",
    "log_min_messages": "warning",
    "max_wal_size": "4GB",
}
_OWNER_FILE = "owner.pid"
_running: list[Instance] = []


def server_bindir() -> Path:
    """The PostgreSQL 15 server binaries: $FLEETDB_PG_BINDIR, Debian's location, or ``pg_config --bindir``."""
    candidates = [os.environ.get("FLEETDB_PG_BINDIR"), "/usr/lib/postgresql/15/bin"]
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    for candidate in candidates:
        if candidate and (Path(candidate) / "pg_ctl").is_file() and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    raise ToolMissing("PostgreSQL 15 server (pg_ctl, initdb)", "postgresql-15")


def _memory_backed_dir() -> Path:
    """/dev/shm where it is writable, else the temp dir. A throwaway cluster gains nothing from a disk:
    on these VMs the page cache is reclaimed eagerly, and cloning the 10 MB template from disk took
    300 ms against 20 ms from tmpfs."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


def runtime_root() -> Path:
    """Per-user directory that holds every instance of that user, so stray ones can be found.

    ``$FLEETDB_RUNTIME_DIR`` overrides it (tests use a private one so no other run reaps their servers)."""
    default = _memory_backed_dir() / f"fleetdb-{os.geteuid()}"
    root = Path(os.environ.get("FLEETDB_RUNTIME_DIR") or default)
    root.mkdir(mode=0o755, exist_ok=True)
    return root


def _is_root() -> bool:
    return os.geteuid() == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pg_ctl_for(basedir: Path, bindir: Path) -> Path:
    """pg_ctl itself, or as root a wrapper that runs it as the unprivileged account."""
    if not _is_root():
        return bindir / "pg_ctl"
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ToolMissing("runuser", "util-linux")
    wrapper = basedir / "pg_ctl"
    if not wrapper.exists():
        pg_ctl = bindir / "pg_ctl"
        wrapper.write_text(f'#!/bin/sh\nexec {runuser} -u {UNPRIVILEGED_ACCOUNT} -- "{pg_ctl}" "$@"\n')
        wrapper.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    return wrapper


def _prepare_basedir(port: int) -> Path:
    basedir = Path(tempfile.mkdtemp(prefix=f"pg{port}-", dir=runtime_root()))
    (basedir / _OWNER_FILE).write_text(str(os.getpid()))
    if _is_root():
        try:
            account = pwd.getpwnam(UNPRIVILEGED_ACCOUNT)
        except KeyError:
            raise ToolMissing(f"the {UNPRIVILEGED_ACCOUNT} account", "postgresql-15") from None
        basedir.chmod(0o755)
        os.chown(basedir, account.pw_uid, account.pw_gid)
    return basedir


@dataclass
class Instance:
    """A running throwaway cluster on 127.0.0.1, reachable as the superuser without a password."""

    basedir: Path | None
    port: int
    host: str = "127.0.0.1"
    user: str = SUPERUSER
    executor: PostgreSQLExecutor | None = field(default=None, repr=False)
    owner_pid: int = field(default_factory=os.getpid, repr=False)

    @classmethod
    def external(cls, conninfo: str) -> Instance:
        """A server someone else runs (``host=… port=… user=…``): used as is, never stopped."""
        params = conninfo_to_dict(conninfo)
        return cls(
            None,
            int(str(params.get("port") or 5432)),
            str(params.get("host", "127.0.0.1")),
            str(params.get("user", SUPERUSER)),
        )

    @property
    def datadir(self) -> Path:
        if self.basedir is None:
            raise FleetdbError("an external server has no data directory of ours")
        return self.basedir / "data"

    @property
    def logfile(self) -> Path:
        return self.datadir.parent / "server.log"

    def conninfo(self, dbname: str = "postgres", **extra: Any) -> str:
        return make_conninfo(host=self.host, port=self.port, user=self.user, dbname=dbname, **extra)

    def sqitch_target(self, dbname: str) -> str:
        return f"db:pg://{self.user}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo(dbname), **kwargs)

    def postmaster_pid(self) -> int | None:
        pidfile = self.datadir / "postmaster.pid"
        try:
            return int(pidfile.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def stop(self) -> None:
        """Stop the server and delete its files; safe to call twice."""
        if self.executor is not None:
            with contextlib.suppress(Exception):
                self.executor.stop()
            self.executor = None
        if self.basedir is not None:
            shutil.rmtree(self.basedir, ignore_errors=True)
        if self in _running:
            _running.remove(self)

    def __enter__(self) -> Instance:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_instance(port: int | None = None, settings: dict[str, str] | None = None) -> Instance:
    """Initialise and start a cluster on a free port (retrying when another process takes the port first)."""
    reap_stray_instances()
    bindir = server_bindir()
    merged = {**TEST_SETTINGS, **(settings or {})}
    options = " ".join(f"-c {name}={value}" for name, value in merged.items())
    last_error: Exception | None = None
    for _ in range(5):
        chosen: int = port or int(port_for.get_port(None) or 0)
        basedir = _prepare_basedir(chosen)
        instance = Instance(basedir=basedir, port=chosen)
        executor = PostgreSQLExecutor(
            executable=str(_pg_ctl_for(basedir, bindir)),
            host=instance.host,
            port=chosen,
            datadir=str(instance.datadir),
            unixsocketdir=str(basedir),
            logfile=str(instance.logfile),
            startparams="-w",
            dbname="postgres",
            user=SUPERUSER,
            postgres_options=options,
            timeout=120,
        )
        instance.executor = executor
        _running.append(instance)
        try:
            executor.start()
        except Exception as error:  # the port was taken, or initdb failed: report with the server log
            last_error = error
            log = instance.logfile.read_text() if instance.logfile.exists() else ""
            instance.stop()
            if port is not None or "could not bind" not in log:
                detail = f"{error}\n{log[-2000:]}"
                raise FleetdbError(f"PostgreSQL did not start on port {chosen}: {detail}") from None
            continue
        _wait_until_accepting(instance)
        return instance
    raise FleetdbError(f"PostgreSQL did not start after 5 port choices: {last_error}")


def _wait_until_accepting(instance: Instance, timeout: float = 60.0) -> None:
    """mirakuru returns once the port is open, which is before recovery ends: wait for a real session."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            instance.connect(connect_timeout=5).close()
            return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                raise FleetdbError(
                    f"PostgreSQL on port {instance.port} never accepted a session: {error}"
                ) from None
            time.sleep(0.02)


def reap_stray_instances(root: Path | None = None) -> list[Path]:
    """Stop and delete instances whose owning process is gone (it was killed with SIGKILL)."""
    reaped: list[Path] = []
    root = root or runtime_root()
    for owner_file in root.glob(f"*/{_OWNER_FILE}"):
        basedir = owner_file.parent
        try:
            owner = int(owner_file.read_text())
        except (OSError, ValueError):
            continue
        if _pid_alive(owner):
            continue
        datadir = basedir / "data"
        if (datadir / "postmaster.pid").exists():
            pg_ctl = _pg_ctl_for(basedir, server_bindir())
            subprocess.run([str(pg_ctl), "stop", "-D", str(datadir), "-m", "immediate"], capture_output=True)
        shutil.rmtree(basedir, ignore_errors=True)
        reaped.append(basedir)
    return reaped


def stop_all() -> None:
    """Stop the servers this process started. A forked child inherits the list and the atexit hook, but
    its parent still owns those servers: the child must leave them running."""
    for instance in list(_running):
        if instance.owner_pid == os.getpid():
            instance.stop()


def _stop_and_exit(signum: int, _frame: FrameType | None) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def stop_on_signals() -> None:
    """Stop every running instance on SIGTERM and SIGINT, then exit with the conventional status."""
    signal.signal(signal.SIGTERM, _stop_and_exit)
    signal.signal(signal.SIGINT, _stop_and_exit)


@contextlib.contextmanager
def throwaway_instance() -> Iterator[Instance]:
    instance = start_instance()
    try:
        yield instance
    finally:
        instance.stop()


atexit.register(stop_all)
