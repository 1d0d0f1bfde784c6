"""Throwaway instances start and stop as root and as an unprivileged user, only their owner can reach
them, and they never outlive the process that started them, whatever ends it."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fleetdb.errors import FleetdbError
from fleetdb.instance import (
    UNPRIVILEGED_ACCOUNT,
    disk_runtime_root,
    reap_stray_instances,
    runtime_root,
    start_instance,
)


def _alive(pid: int) -> bool:
    """Running: a zombie (dead, not yet reaped by init) does not count."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status


def _wait_gone(pid: int, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _start_and_stop() -> tuple[int, Path]:
    instance = start_instance()
    with instance.connect() as conn:
        row = conn.execute("SELECT current_setting('fsync'), current_setting('full_page_writes')").fetchone()
        assert row == ("off", "off")
    pid = instance.postmaster_pid()
    assert pid is not None and _alive(pid)
    instance.stop()
    return pid, instance.basedir


def test_instance_starts_and_stops_as_the_current_user() -> None:
    pid, basedir = _start_and_stop()
    assert _wait_gone(pid), f"postmaster {pid} still running after stop"
    assert not basedir.exists()


def test_root_runs_the_server_as_the_unprivileged_account() -> None:
    if os.geteuid() != 0:
        pytest.skip("the root path needs root; this run is unprivileged")
    instance = start_instance()
    try:
        pid = instance.postmaster_pid()
        assert pid is not None
        owner = Path(f"/proc/{pid}").stat().st_uid
        assert owner == pwd.getpwnam(UNPRIVILEGED_ACCOUNT).pw_uid
    finally:
        instance.stop()


def test_instance_starts_and_stops_as_a_non_root_user() -> None:
    if os.geteuid() != 0:
        # This whole run is unprivileged: the test above already took the non-root path.
        pid, _ = _start_and_stop()
        assert _wait_gone(pid)
        return
    account = pwd.getpwnam(UNPRIVILEGED_ACCOUNT)
    # A runtime directory of the account's own: the one this run was given (FLEETDB_RUNTIME_DIR) may be
    # root's alone, as `make bench` on disk has it.
    runtime = Path(tempfile.mkdtemp(prefix="fleetdb-nonroot-"))
    os.chown(runtime, account.pw_uid, account.pw_gid)

    def starts_and_stops() -> bool:
        os.chdir("/tmp")
        os.environ["FLEETDB_RUNTIME_DIR"] = str(runtime)
        pid, basedir = _start_and_stop()
        return _wait_gone(pid) and not basedir.exists()

    try:
        assert _as_unprivileged_account(starts_and_stops)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def _as_unprivileged_account(check: Callable[[], bool]) -> bool:
    """Run ``check`` in a child forked as the unprivileged account (this process runs as root)."""
    account = pwd.getpwnam(UNPRIVILEGED_ACCOUNT)
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        code = 1
        try:
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            code = 0 if check() else 3
        except BaseException as error:
            sys.stderr.write(f"as {UNPRIVILEGED_ACCOUNT}: {error!r}\n")
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 0


@pytest.fixture
def private_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A runtime directory no other test run scans, so no other run's reaper can stop our servers."""
    root = Path(tempfile.mkdtemp(prefix="fleetdb-private-"))
    root.chmod(0o755)
    monkeypatch.setenv("FLEETDB_RUNTIME_DIR", str(root))
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _server_process() -> tuple[subprocess.Popen[str], int, Path]:
    process = subprocess.Popen(
        [sys.executable, "-m", "fleetdb.cli", "server", "--no-deploy"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("ready "), line
    pid = int(line.rsplit("postmaster=", 1)[1])
    basedirs = [p.parent for p in runtime_root().glob("*/owner.pid") if p.read_text() == str(process.pid)]
    assert len(basedirs) == 1
    return process, pid, basedirs[0]


def test_sigterm_stops_the_server(private_runtime: Path) -> None:
    process, postmaster, basedir = _server_process()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert _wait_gone(postmaster), "SIGTERM left the server running"
    assert not basedir.exists()


def test_sigint_stops_the_server(private_runtime: Path) -> None:
    process, postmaster, basedir = _server_process()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 128 + signal.SIGINT
    assert _wait_gone(postmaster), "SIGINT left the server running"
    assert not basedir.exists()


def test_a_server_dies_with_its_killed_owner_and_the_next_run_deletes_its_files(
    private_runtime: Path,
) -> None:
    process, postmaster, basedir = _server_process()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert _wait_gone(postmaster), "the server outlived its owner, killed with SIGKILL"
    assert basedir.exists(), "nobody was left to delete the files"
    assert basedir in reap_stray_instances(private_runtime)
    assert not basedir.exists()


_HOLDING_TEST = """
import time

def test_hold(fleetdb_lab):
    print("READY", fleetdb_lab.instance.postmaster_pid(), flush=True)
    time.sleep(120)
"""
# The smallest Sqitch project of the suite: the lab needs a project, this test needs only its server.
SMALL_PROJECT = Path(__file__).resolve().parents[1] / "rehearsal" / "plans" / "good"


def _take_sigint() -> None:
    """A script's background job starts with SIGINT ignored (POSIX), and an ignored signal stays ignored
    across exec: so does a Python started under it, which then never raises KeyboardInterrupt. The
    holding run takes SIGINT as a terminal's Ctrl-C reaches it, whoever started this run."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _holding_pytest(tmp_path: Path) -> tuple[subprocess.Popen[str], int, list[str]]:
    """The holding run, its server's postmaster, and its output: read on by a thread after READY, so
    that what pytest prints as it stops can never fill the pipe and hold it up. Its Python dumps every
    thread's stack to ``stderr.txt`` on SIGABRT (``-X faulthandler``)."""
    (tmp_path / "test_hold.py").write_text(_HOLDING_TEST)
    command = [sys.executable, "-X", "faulthandler", "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider"]
    command += ["test_hold.py", "--fleetdb-project", str(SMALL_PROJECT)]
    with open(tmp_path / "stderr.txt", "w") as stderr:
        process = subprocess.Popen(
            command,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            preexec_fn=_take_sigint,
        )
    assert process.stdout is not None
    output: list[str] = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("READY"):
            threading.Thread(target=output.extend, args=(process.stdout,), daemon=True).start()
            return process, int(line.split()[1]), output
    pytest.fail("the holding test never started:\n" + "".join(output))


@pytest.mark.long  # a pytest run started and ended per signal
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_pytest_ended_by_any_signal_leaves_no_server(sig: int, tmp_path: Path, private_runtime: Path) -> None:
    process, postmaster, output = _holding_pytest(tmp_path)
    process.send_signal(sig)
    # A hang guard, not a measurement: on a loaded 2-core machine pytest's teardown alone takes seconds.
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)  # faulthandler: where each thread of the run was
        process.wait(timeout=30)
        stacks = (tmp_path / "stderr.txt").read_text(errors="replace")
        pytest.fail(
            f"pytest did not stop within 120 s of {signal.Signals(sig).name}; its output:\n"
            + "".join(output)
            + f"\nits threads when it was aborted:\n{stacks}"
        )
    assert process.returncode != 0
    assert _wait_gone(postmaster), f"{signal.Signals(sig).name} to pytest left its server running"


def test_only_the_owner_can_reach_a_throwaway_server() -> None:
    instance = start_instance()
    try:
        with instance.connect() as conn:
            row = conn.execute("SELECT current_setting('listen_addresses')").fetchone()
        assert row == ("",), "no TCP listener: nothing can reach the superuser over the network"
        mode = instance.basedir.stat().st_mode & 0o777
        assert mode == 0o700, f"the socket directory is {oct(mode)}: other accounts could connect"
        if os.geteuid() == 0:
            # Another local account, as the issue tried it: refused at the socket directory.
            probe = subprocess.run(
                ["runuser", "-u", "nobody", "--", "psql", "-X", "-c", "SELECT 1", instance.conninfo()],
                capture_output=True,
                text=True,
            )
            assert probe.returncode != 0 and "Permission denied" in probe.stderr, probe
    finally:
        instance.stop()


def test_a_forked_child_leaves_its_parents_server_running() -> None:
    instance = start_instance()
    try:
        postmaster = instance.postmaster_pid()
        assert postmaster is not None
        child = os.fork()
        if child == 0:  # pragma: no cover - the child exits through the normal atexit path
            from fleetdb.instance import stop_all

            stop_all()
            os._exit(0)
        os.waitpid(child, 0)
        assert _alive(postmaster), "a forked child's stop_all() stopped its parent's server"
        with instance.connect() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        instance.stop()


# A plan of seven changes that `fleetdb rehearse --jobs 2` splits over two servers (two threads).
KEEP_GOING = Path(__file__).resolve().parents[1] / "rehearsal" / "projects" / "keep_going"


def _sqitch_runs_in_session(session: int) -> int:
    """The sqitch processes (Perl) running in a session: each rehearsal thread runs one at a time."""
    found = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        found += int(fields[3]) == session and b"sqitch" in cmdline
    return found


def test_sigterm_to_the_rehearsal_s_process_group_stops_it(tmp_path: Path, private_runtime: Path) -> None:
    """As ``make rehearse`` is stopped (SIGTERM to the whole group, sqitch and psql included): the
    rehearsal ends on both servers' threads at once (it used to go on, marking every change failed), no
    server is left, the last report stays as it was, and the last line says so."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "rehearsal.md").write_text("the last complete run\n")
    env = {**os.environ, "FLEETDB_REPORTS": str(reports), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    env.pop("FLEETDB_LAB", None)
    command = [sys.executable, "-m", "fleetdb.cli", "rehearse", "--project", str(KEEP_GOING)]
    command += ["--skip-scenarios", "--jobs", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if "the throwaway servers run" in line:
            break
    deadline = time.monotonic() + 120  # a hang guard: both threads are in a sqitch run long before
    while _sqitch_runs_in_session(process.pid) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    owned = [p.parent for p in private_runtime.glob("*/owner.pid") if p.read_text() == str(process.pid)]
    postmasters = [int((d / "data" / "postmaster.pid").read_text().split("\n", 1)[0]) for d in owned]
    assert len(postmasters) == 2, lines
    os.killpg(process.pid, signal.SIGTERM)
    lines += process.stdout.read().splitlines()
    assert process.wait(timeout=120) == 128 + signal.SIGTERM
    assert lines[-1] == (
        "fleetdb rehearse: stopped by SIGTERM; its throwaway servers are stopped; no report was written: "
        f"{reports}/rehearsal.md and rehearsal.json are as the last complete run left them"
    )
    assert [line for line in lines if line.startswith("✗ ")] == [], "a change was failed by the stop"
    assert "Traceback" not in "\n".join(lines)
    for postmaster in postmasters:
        assert _wait_gone(postmaster), "SIGTERM left a server running"
    assert list(private_runtime.glob("*/owner.pid")) == []
    assert sorted(p.name for p in reports.iterdir()) == ["rehearsal.md"]
    assert (reports / "rehearsal.md").read_text() == "the last complete run\n"


def test_a_runtime_directory_the_user_cannot_write_is_refused_in_one_line() -> None:
    """As `make bench` with root's FLEETDB_RUNTIME_DIR, run by another user: one line that says what to
    do, not a PermissionError's traceback from deep in a server's start."""
    base = Path(tempfile.mkdtemp(prefix="fleetdb-locked-"))
    base.chmod(0o755)  # the unprivileged account can reach it, not write it
    locked = base / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)

    def refused() -> bool:
        os.environ["FLEETDB_RUNTIME_DIR"] = str(locked)
        try:
            runtime_root()
        except FleetdbError as error:
            return "point FLEETDB_RUNTIME_DIR at a directory of your own" in str(error)
        return False

    if os.geteuid() != 0:
        saved = os.environ.get("FLEETDB_RUNTIME_DIR")
        try:
            assert refused()
        finally:
            shutil.rmtree(base, ignore_errors=True)
            os.environ.pop("FLEETDB_RUNTIME_DIR", None)
            if saved is not None:
                os.environ["FLEETDB_RUNTIME_DIR"] = saved
        return
    try:
        assert _as_unprivileged_account(refused)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_server_starts_in_the_root_it_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmark's seeded sections start their server on disk (disk_runtime_root), the others in the
    runtime directory: each server goes to the root it was given, and stop deletes it from there."""
    disk = Path(tempfile.mkdtemp(prefix="fleetdb-disk-"))
    disk.chmod(0o755)
    monkeypatch.setenv("FLEETDB_DISK_RUNTIME_DIR", str(disk / "servers"))
    try:
        root = disk_runtime_root()
        assert root == disk / "servers" and root.is_dir()
        instance = start_instance(root=root)
        try:
            assert instance.basedir.parent == root
            assert runtime_root() != root
            with instance.connect() as conn:
                row = conn.execute("SELECT current_setting('data_directory')").fetchone()
            assert row is not None and Path(row[0]).is_relative_to(root)
        finally:
            instance.stop()
        assert not instance.basedir.exists()
    finally:
        shutil.rmtree(disk, ignore_errors=True)


def test_a_disk_runtime_directory_that_cannot_be_made_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLEETDB_DISK_RUNTIME_DIR", "/proc/fleetdb-cannot-exist")
    with pytest.raises(FleetdbError, match="point FLEETDB_DISK_RUNTIME_DIR at a directory of your own"):
        disk_runtime_root()
