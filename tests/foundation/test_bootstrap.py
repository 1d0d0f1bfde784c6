"""scripts/bootstrap shows what it installs as it goes, and the whole output when an install fails
(run with stand-ins for dpkg-query and python3, so nothing is installed)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

PYTHON3 = """#!/bin/sh
# python3 -m venv .venv: a venv whose pip prints what pip prints
mkdir -p .venv/bin
printf '#!/bin/sh\\n' > .venv/bin/python
cat > .venv/bin/pip <<'PIP'
#!/bin/sh
echo "Looking in indexes: https://pypi.org/simple"
echo "Collecting psycopg>=3.1"
echo "  Downloading psycopg-3.3.9-py3-none-any.whl"
echo "Collecting rich>=13"
echo "Installing collected packages: rich, psycopg, fleetdb"
if [ -n "$PIP_FAILS" ]; then echo "ERROR: No matching distribution found for rich>=13"; exit 1; fi
echo "Successfully installed fleetdb-0.1.0 psycopg-3.3.9 rich-15.0.0"
PIP
chmod +x .venv/bin/python .venv/bin/pip
"""


REPO = Path(__file__).resolve().parents[2]


def _checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "bootstrap", root / "scripts" / "bootstrap")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {
        "dpkg-query": "#!/bin/sh\nprintf 'install ok installed'\n",
        "python3": PYTHON3,
    }.items():
        (stubs / name).write_text(body)
        (stubs / name).chmod(stat.S_IRWXU)
    return root, {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}


def test_the_venv_build_shows_each_package(tmp_path: Path) -> None:
    root, env = _checkout(tmp_path)
    run = subprocess.run(["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        "fleetdb: building .venv from pyproject.toml (about a minute)",
        "fleetdb:   Collecting psycopg>=3.1",
        "fleetdb:   Collecting rich>=13",
        "fleetdb:   Installing collected packages: rich, psycopg, fleetdb",
        "fleetdb:   Successfully installed fleetdb-0.1.0 psycopg-3.3.9 rich-15.0.0",
        "fleetdb: .venv is ready",
    ]
    again = subprocess.run(
        ["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert (again.returncode, again.stderr) == (0, "")  # nothing to do: silent


def test_a_failed_install_shows_all_of_pip_s_output(tmp_path: Path) -> None:
    root, env = _checkout(tmp_path)
    env["PIP_FAILS"] = "1"
    run = subprocess.run(["scripts/bootstrap"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "ERROR: No matching distribution found for rich>=13" in run.stderr
    assert run.stderr.rstrip().endswith(
        "fleetdb: pip install failed (output above, kept in .venv/pip-install.log)"
    )
    assert not (root / ".venv" / ".fleetdb-installed").exists()
