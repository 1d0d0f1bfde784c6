"""scripts/bootstrap installs exactly uv.lock, shows what it installs as it goes, and the whole output
when an install fails (run with stand-ins for dpkg-query and python3, so nothing is installed)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

PYTHON3 = """#!/bin/sh
# python3 -m venv .venv: a venv whose pip installs uv and whose uv syncs the lock, printing what they print
mkdir -p .venv/bin
printf '#!/bin/sh\\n' > .venv/bin/python
cat > .venv/bin/pip <<'PIP'
#!/bin/sh
echo "Collecting $5"
echo "  Downloading uv-0.13.9-py3-none-manylinux_2_17_x86_64.whl"
echo "Installing collected packages: uv"
echo "Successfully installed uv-0.13.9"
echo "$@" > .venv/pip-arguments
PIP
cat > .venv/bin/uv <<'UV'
#!/bin/sh
echo "$@" > .venv/uv-arguments
echo "Resolved 31 packages in 2ms"
if [ -n "$UV_FAILS" ]; then echo "error: Failed to download rich==15.0.0"; exit 1; fi
echo "Prepared 2 packages in 1.2s"
echo "Installed 2 packages in 16ms"
echo " + psycopg==3.3.9"
echo " + rich==15.0.0"
UV
chmod +x .venv/bin/python .venv/bin/pip .venv/bin/uv
"""


REPO = Path(__file__).resolve().parents[2]


def _locked_uv() -> str:
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    return str(next(package["version"] for package in lock["package"] if package["name"] == "uv"))


def _checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "bootstrap", root / "scripts" / "bootstrap")
    for path in ("pyproject.toml", "python/persistence/pyproject.toml", "uv.lock"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / path, root / path)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {
        "dpkg-query": "#!/bin/sh\nprintf 'install ok installed'\n",
        "python3": PYTHON3,
    }.items():
        (stubs / name).write_text(body)
        (stubs / name).chmod(stat.S_IRWXU)
    return root, {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}


def test_the_venv_is_built_from_the_lock_showing_each_package(tmp_path: Path) -> None:
    root, env = _checkout(tmp_path)
    run = subprocess.run(["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        "fleetdb: building .venv from uv.lock (about a minute)",
        f"fleetdb:   Collecting uv=={_locked_uv()}",
        "fleetdb:   Installing collected packages: uv",
        "fleetdb:   Successfully installed uv-0.13.9",
        "fleetdb:   Prepared 2 packages in 1.2s",
        "fleetdb:   Installed 2 packages in 16ms",
        "fleetdb:    + psycopg==3.3.9",
        "fleetdb:    + rich==15.0.0",
        "fleetdb: .venv is ready",
    ]
    # exactly the lock: uv's own version from it, and a sync that fails rather than re-resolve
    assert (root / ".venv" / "pip-arguments").read_text().split()[-1] == f"uv=={_locked_uv()}"
    assert (root / ".venv" / "uv-arguments").read_text().split()[:3] == ["sync", "--locked", "--extra"]
    again = subprocess.run(
        ["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert (again.returncode, again.stderr) == (0, "")  # nothing to do: silent


def test_a_failed_install_shows_all_of_the_installer_s_output(tmp_path: Path) -> None:
    root, env = _checkout(tmp_path)
    env["UV_FAILS"] = "1"
    run = subprocess.run(["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "Resolved 31 packages in 2ms" in run.stderr  # a line the progress filter hides
    assert "error: Failed to download rich==15.0.0" in run.stderr
    assert run.stderr.rstrip().endswith(
        "fleetdb: installing uv.lock failed (output above, kept in .venv/install.log)"
    )
    assert not (root / ".venv" / ".fleetdb-installed").exists()


def test_the_lock_matches_every_pyproject() -> None:
    """A dependency added to a pyproject.toml without `make lock` fails here (and in the bootstrap's
    `uv sync --locked`), not on the next fresh clone; offline: uv compares, it does not resolve."""
    uv = Path(sys.executable).with_name("uv")
    check = subprocess.run(
        [str(uv), "lock", "--check", "--offline"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, f"uv.lock is stale: run `make lock`\n{check.stderr}"


def test_the_lock_resolves_from_pypi_only() -> None:
    """Every locked package comes from PyPI, as a fresh clone in CI sees it (this machine's pip.conf
    names local indexes; uv never reads it, and no other index may slip into the lock)."""
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    sources = {
        package["name"]: package["source"].get("registry", package["source"])
        for package in lock["package"]
        if "editable" not in package["source"] and "virtual" not in package["source"]
    }
    assert {name: source for name, source in sources.items() if source != "https://pypi.org/simple"} == {}
