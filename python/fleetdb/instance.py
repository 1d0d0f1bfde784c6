"""Throwaway PostgreSQL clusters for tests and rehearsals: private, root-safe, never left behind.

- **Which binaries:** ``--pg-bindir``, else ``$FLEETDB_PG_BINDIR``, else ``pg_config --bindir``, else the
  newest ``/usr/lib/postgresql/*/bin``; any major from 13 on.
- **Root:** PostgreSQL refuses to run as root, and CI runs as root. Then the server runs as the
  unprivileged ``postgres`` account (created by Debian's postgresql package); otherwise as the caller.
- **Private:** the server listens on no TCP port at all, only on a Unix socket in its own directory, mode
  0700 and owned by the account the server runs as: only that account (and root) can connect. Nothing can
  reach the superuser over TCP, with or without a password.
- **Never left behind:** the postmaster is started directly as a child of the thread that calls
  ``start_instance`` (not through ``pg_ctl``, which would detach it) with Linux's parent-death signal
  set to SIGQUIT: whatever ends its owner, SIGKILL included, the server shuts down at once. A normal exit,
  an exception, SIGTERM and SIGINT stop it cleanly (``Instance.stop``, ``atexit``, ``stop_on_signals``);
  an instance directory whose owner is gone is deleted by the next ``start_instance``.
- **Fast:** ``initdb`` runs once per set of binaries and locale; each instance starts from a copy of that
  pristine cluster (0.15 s against 1.8 s), on /dev/shm where it is writable.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from fleetdb.errors import FleetdbError, Interrupted, ToolMissing
from fleetdb.processes import die_with_parent, note_stop

SUPERUSER = "postgres"
UNPRIVILEGED_ACCOUNT = "postgres"
# The socket is named after the port; with no TCP listener any number will do.
SOCKET_PORT = 5432
OLDEST_MAJOR = 13
LOCALE = "C.UTF-8"
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
_PRISTINE_PREFIX = "pristine-"
_running: list[Instance] = []


def server_bindir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The PostgreSQL server binaries: the argument, ``$FLEETDB_PG_BINDIR``, ``pg_config --bindir``,
    or the newest Debian ``/usr/lib/postgresql/*/bin``."""
    chosen = explicit or os.environ.get("FLEETDB_PG_BINDIR")
    if chosen:
        path = Path(chosen)
        if not _has_server(path):
            raise FleetdbError(f"--pg-bindir {path}: no postgres and initdb there; name the bin directory")
        return path.resolve()
    candidates: list[Path] = []
    with contextlib.suppress(OSError):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            candidates.append(Path(found.stdout.strip()))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _major_of_dir(p), reverse=True)
    for candidate in [*candidates, *debian]:
        if _has_server(candidate):
            return candidate.resolve()
    raise ToolMissing("PostgreSQL server (postgres, initdb)", "postgresql-15")


def _major_of_dir(path: Path) -> int:
    return int(path.parent.name) if path.parent.name.isdigit() else 0


def _has_server(bindir: Path) -> bool:
    return (bindir / "postgres").is_file() and (bindir / "initdb").is_file()


def server_version(bindir: Path) -> str:
    """``postgres --version`` of the binaries, e.g. ``15.14`` (the running server says the same)."""
    out = subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\(PostgreSQL\) (\d+(?:\.\d+)?)", out)
    if not found:
        raise FleetdbError(f"{bindir / 'postgres'} --version said {out.strip()!r}: not a PostgreSQL server")
    version = found.group(1)
    if int(version.split(".")[0]) < OLDEST_MAJOR:
        raise FleetdbError(
            f"{bindir}: PostgreSQL {version} is too old; fleetdb needs {OLDEST_MAJOR} or newer"
        )
    return version


def _memory_backed_dir() -> Path:
    """/dev/shm where it is writable, else the temp dir. A throwaway cluster gains nothing from a disk:
    on these VMs the page cache is reclaimed eagerly, and cloning the 10 MB template from disk took
    300 ms against 20 ms from tmpfs."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


def _default_root() -> Path:
    root = _memory_backed_dir() / f"fleetdb-{os.geteuid()}"
    root.mkdir(mode=0o755, exist_ok=True)
    return root


def runtime_root() -> Path:
    """Per-user directory that holds every instance of that user, so stray ones can be found.

    ``$FLEETDB_RUNTIME_DIR`` overrides it (tests use a private one so no other run reaps their servers)."""
    return _usable_root(Path(os.environ.get("FLEETDB_RUNTIME_DIR") or _default_root()), "FLEETDB_RUNTIME_DIR")


def disk_runtime_root() -> Path:
    """Where a server goes whose data outgrows memory (a seed at the benchmark scale is 12 GB): a disk,
    ``/var/tmp/fleetdb-<uid>``, or ``$FLEETDB_DISK_RUNTIME_DIR``. Everything else stays in
    ``runtime_root()``, in memory where it can, as the test suite's servers do."""
    default = Path("/var/tmp" if os.access("/var/tmp", os.W_OK | os.X_OK) else tempfile.gettempdir())
    return _usable_root(
        Path(os.environ.get("FLEETDB_DISK_RUNTIME_DIR") or default / f"fleetdb-{os.geteuid()}"),
        "FLEETDB_DISK_RUNTIME_DIR",
    )


def _usable_root(root: Path, variable: str) -> Path:
    try:
        root.mkdir(mode=0o755, exist_ok=True)
    except OSError as error:
        raise FleetdbError(
            f"cannot create the runtime directory {root}: {error.strerror}; "
            f"point {variable} at a directory of your own"
        ) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise FleetdbError(
            f"the runtime directory {root} ({variable}) is not writable by "
            f"{pwd.getpwuid(os.geteuid()).pw_name}: point {variable} at a directory of your own"
        )
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


@dataclass(frozen=True)
class _Account:
    """Who the server runs as: the caller, or (for root) the unprivileged account."""

    uid: int
    gid: int

    @classmethod
    def for_server(cls) -> _Account:
        if not _is_root():
            return cls(os.getuid(), os.getgid())
        try:
            account = pwd.getpwnam(UNPRIVILEGED_ACCOUNT)
        except KeyError:
            raise ToolMissing(f"the {UNPRIVILEGED_ACCOUNT} account", "postgresql-15") from None
        return cls(account.pw_uid, account.pw_gid)

    def own(self, path: Path) -> None:
        if _is_root():
            os.chown(path, self.uid, self.gid)

    def run(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, text=True, capture_output=True, **self.popen_args(), **kwargs)

    def popen_args(self) -> dict[str, Any]:
        if not _is_root():
            return {"umask": 0o077}
        return {"user": self.uid, "group": self.gid, "extra_groups": [], "umask": 0o077}


def _pristine_cluster(bindir: Path, version: str, account: _Account) -> Path:
    """An initdb'd data directory for these binaries, made once and copied for each instance."""
    root = _default_root()  # shared by every run of this user, whatever its runtime directory
    digest = hashlib.sha1(str(bindir).encode()).hexdigest()[:10]
    name = f"{_PRISTINE_PREFIX}{version}-{digest}-{LOCALE}"
    pristine = root / name
    if (pristine / "PG_VERSION").is_file():
        return pristine
    scratch = Path(tempfile.mkdtemp(prefix=".initdb-", dir=root))
    account.own(scratch)
    data = scratch / "data"
    result = account.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=reject",
            "-E",
            "UTF8",
            f"--locale={LOCALE}",
            "-N",
        ],
        env={**os.environ, "LC_ALL": LOCALE, "LANG": LOCALE},
    )
    if result.returncode != 0:
        shutil.rmtree(scratch, ignore_errors=True)
        raise FleetdbError(f"initdb ({bindir}) failed: {(result.stderr or result.stdout).strip()[-1500:]}")
    try:
        data.rename(pristine)
    except OSError:  # another process made it first
        shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return pristine


@dataclass
class Instance:
    """A running throwaway cluster, reachable as the superuser only through its private socket."""

    basedir: Path
    version: str
    bindir: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    owner_pid: int = field(default_factory=os.getpid, repr=False)
    port: int = SOCKET_PORT
    user: str = SUPERUSER

    @property
    def host(self) -> str:
        """The socket directory: what libpq takes as ``host``."""
        return str(self.basedir)

    @property
    def datadir(self) -> Path:
        return self.basedir / "data"

    @property
    def logfile(self) -> Path:
        return self.basedir / "server.log"

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    def conninfo(self, dbname: str = "postgres", **extra: Any) -> str:
        return make_conninfo(host=self.host, port=self.port, user=self.user, dbname=dbname, **extra)

    def connect(self, dbname: str = "postgres", **kwargs: Any) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo(dbname), **kwargs)

    def postmaster_pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its files; safe to call twice."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            for sig, wait in ((signal.SIGINT, 30), (signal.SIGQUIT, 10), (signal.SIGKILL, 10)):
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=wait)
                    break
        shutil.rmtree(self.basedir, ignore_errors=True)
        if self in _running:
            _running.remove(self)

    def __enter__(self) -> Instance:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _prepare_basedir(account: _Account, root: Path) -> Path:
    basedir = Path(tempfile.mkdtemp(prefix="pg-", dir=root))
    (basedir / _OWNER_FILE).write_text(str(os.getpid()))
    basedir.chmod(0o700)
    account.own(basedir)
    return basedir


def start_instance(
    settings: dict[str, str] | None = None,
    bindir: str | os.PathLike[str] | None = None,
    root: Path | None = None,
) -> Instance:
    """Start a private cluster from a copy of the pristine one, in ``root`` (default: ``runtime_root()``);
    returns once it accepts sessions."""
    root = root or runtime_root()
    reap_stray_instances(root)
    binaries = server_bindir(bindir)
    version = server_version(binaries)
    account = _Account.for_server()
    pristine = _pristine_cluster(binaries, version, account)
    basedir = _prepare_basedir(account, root)
    instance = Instance(basedir, version, binaries)
    copied = account.run(["cp", "-a", str(pristine), str(instance.datadir)])
    if copied.returncode != 0:
        shutil.rmtree(basedir, ignore_errors=True)
        raise FleetdbError(f"cannot copy the pristine cluster {pristine}: {copied.stderr.strip()}")
    merged = {
        **TEST_SETTINGS,
        **(settings or {}),
        "listen_addresses": "",
        "unix_socket_directories": str(basedir),
        "unix_socket_permissions": "0700",
        "port": str(SOCKET_PORT),
    }
    command = [str(binaries / "postgres"), "-D", str(instance.datadir)]
    for name, value in merged.items():
        command += ["-c", f"{name}={value}"]
    with open(instance.logfile, "wb") as log:
        if _is_root():
            os.chown(instance.logfile, account.uid, account.gid)
        instance.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            preexec_fn=die_with_parent(signal.SIGQUIT),
            # A session of its own: Ctrl-C or SIGTERM to the terminal's process group reaches the owner,
            # which stops the server itself (the owner's threads must not see it shut down first).
            start_new_session=True,
            env={**os.environ, "LC_ALL": LOCALE, "LANG": LOCALE},
            **account.popen_args(),
        )
    _running.append(instance)
    _wait_until_accepting(instance)
    return instance


def _wait_until_accepting(instance: Instance, timeout: float = 60.0) -> None:
    """The server accepts sessions once recovery ends; stop waiting as soon as it exits."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            instance.connect(connect_timeout=5).close()
            return
        except psycopg.OperationalError as error:
            exited = instance.process is None or instance.process.poll() is not None
            if exited or time.monotonic() > deadline:
                log = (
                    instance.logfile.read_text(errors="replace")[-2000:] if instance.logfile.exists() else ""
                )
                instance.stop()
                why = "exited" if exited else "never accepted a session"
                raise FleetdbError(f"PostgreSQL {instance.version} {why}: {error}\n{log}") from None
            time.sleep(0.02)


def reap_stray_instances(root: Path | None = None) -> list[Path]:
    """Delete instances whose owning process is gone, stopping a server that somehow outlived it."""
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
        with contextlib.suppress(OSError, ValueError, IndexError, ProcessLookupError):
            postmaster = int((basedir / "data" / "postmaster.pid").read_text().split("\n", 1)[0])
            os.kill(postmaster, signal.SIGQUIT)
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
    note_stop(signum)
    stop_all()
    raise Interrupted(signum)


def stop_on_signals(handler: Callable[[int, FrameType | None], None] = _stop_and_exit) -> None:
    """Stop every running instance on SIGTERM and SIGINT, then exit with the conventional status."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)


@contextlib.contextmanager
def throwaway_instance(
    settings: dict[str, str] | None = None, bindir: str | os.PathLike[str] | None = None
) -> Iterator[Instance]:
    instance = start_instance(settings, bindir)
    try:
        yield instance
    finally:
        instance.stop()


atexit.register(stop_all)
