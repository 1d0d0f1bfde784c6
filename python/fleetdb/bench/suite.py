"""Row 7 (and the suite part of row 1): the whole test suite's wall time and test count."""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path


def run_suite(project: Path, workdir: Path) -> tuple[float, int, int]:
    """Run the suite the way `make test` does (lint and install excluded); return seconds, the tests run
    and how many of them failed (a failing suite's time is no figure for a green one)."""
    junit = workdir / "bench-junit.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        "2",
        "--dist",
        "loadfile",
        # make test's selection: the long end-to-end variants are make test-long's (CI runs both).
        "-m",
        "not long",
        f"--junitxml={junit}",
        str(project / "tests"),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    suite = ET.parse(junit).getroot()
    node = suite if suite.tag == "testsuite" else suite[0]
    count = int(node.get("tests", 0)) - int(node.get("skipped", 0))
    failed = int(node.get("failures", 0)) + int(node.get("errors", 0))
    return seconds, count, failed
