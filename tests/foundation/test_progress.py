"""A long step says what it does while it runs: fleetdb server was silent for about 20 s before its
"ready" line. Progress goes to stderr, so stdout keeps only the line scripts wait for."""

from __future__ import annotations

import signal
import subprocess
import sys


def test_fleetdb_server_says_what_it_is_doing_before_ready() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fleetdb.cli", "server", "--no-deploy"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready = process.stdout.readline()
        assert ready.startswith("ready "), ready
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    lines = err.splitlines()
    assert lines[0] == "starting a throwaway PostgreSQL server …", err
    assert lines[1].startswith("✓ starting a throwaway PostgreSQL server ("), err
