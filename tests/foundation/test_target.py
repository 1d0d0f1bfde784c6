"""Every spelling of a database a DBA uses is parsed once, without loss, and written back for psycopg,
sqitch and psql; a password survives the round trip and is masked wherever a person reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from fleetdb.cli import build_parser
from fleetdb.errors import FleetdbError, redact
from fleetdb.instance import Instance, start_instance
from fleetdb.lab import Lab, server_target
from fleetdb.project import Project
from fleetdb.psql import run_psql
from fleetdb.target import MASK, Target

SPELLINGS = {
    "sqitch URI": "db:pg://dba:p%40ss%20w0rd@db.internal:5433/fleet?sslmode=require&options=-c%20lock_timeout%3D5s",
    "libpq URI": "postgresql://dba:p%40ss%20w0rd@db.internal:5433/fleet?sslmode=require&options=-c%20lock_timeout%3D5s",
    "conninfo": "host=db.internal port=5433 dbname=fleet user=dba password='p@ss w0rd' sslmode=require "
    "options='-c lock_timeout=5s'",
}
EXPECTED = {
    "host": "db.internal",
    "port": "5433",
    "dbname": "fleet",
    "user": "dba",
    "password": "p@ss w0rd",
    "sslmode": "require",
    "options": "-c lock_timeout=5s",
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_each_spelling_is_read_without_loss(spelling: str) -> None:
    target = Target.parse(spelling)
    assert dict(target.params) == EXPECTED
    # Written back for sqitch and read again: everything but the password, which travels in the env.
    again = Target.parse(target.sqitch_uri)
    assert dict(again.params) == {k: v for k, v in EXPECTED.items() if k != "password"}
    assert target.env() == {"PGPASSWORD": "p@ss w0rd", "SQITCH_PASSWORD": "p@ss w0rd"}
    assert Target.parse(target.conninfo).params == target.params
    assert "p@ss" not in target.sqitch_uri and "p@ss" not in target.psql_conninfo


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_the_password_is_masked_for_people(spelling: str) -> None:
    target = Target.parse(spelling)
    for shown in (str(target), repr(target)):
        assert "p@ss" not in shown and "w0rd" not in shown and MASK in shown
    assert redact("cannot connect with p@ss w0rd") == f"cannot connect with {MASK}"


def test_short_spellings_and_socket_directories() -> None:
    assert dict(Target.parse("db:pg:fleet").params) == {"dbname": "fleet"}
    assert dict(Target.parse("db:pg:").params) == {}
    socket = Target.parse("db:pg:///fleet?host=/run/postgresql&port=5433")
    assert dict(socket.params) == {"dbname": "fleet", "host": "/run/postgresql", "port": "5433"}
    assert socket.sqitch_uri == "db:pg:///fleet?host=/run/postgresql&port=5433"
    hosts = Target.parse("postgresql://a:1,b:2/fleet?target_session_attrs=read-write")
    assert Target.parse(hosts.sqitch_uri).params == hosts.params


@pytest.mark.parametrize(
    ("spelling", "message"),
    [
        ("host=db nonsense=1", 'invalid connection option "nonsense"'),
        ("db:mysql://x/y", "PostgreSQL targets"),
        ("prod", "no target of that name"),
    ],
)
def test_a_wrong_spelling_is_one_line_naming_what_to_write(spelling: str, message: str) -> None:
    with pytest.raises(FleetdbError, match=message) as error:
        Target.parse(spelling)
    assert "\n" not in str(error.value) and "db:pg://user@host:5432/dbname" in str(error.value)


def test_a_password_in_a_spelling_that_does_not_parse_is_masked() -> None:
    with pytest.raises(FleetdbError) as error:
        Target.parse("host=db password=hunter2 nonsense=1")
    assert "hunter2" not in str(error.value)


@pytest.fixture(scope="module")
def named_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("named")
    (root / "sqitch.plan").write_text("%syntax-version=1.0.0\n%project=named\n\n")
    (root / "sqitch.conf").write_text(
        '[core]\n\tengine = pg\n[target "prod"]\n\turi = db:pg://dba:s3cret@prod.internal:6432/fleet\n'
        '[target "stage"]\n\turi = db:pg://dba@stage.internal/fleet?sslmode=verify-full\n'
    )
    return Project.load(root)


def test_a_named_sqitch_target_is_read_from_the_project(named_project: Project) -> None:
    prod = Target.parse("prod", named_project)
    assert prod.name == "prod"
    assert dict(prod.params) == {
        "user": "dba",
        "password": "s3cret",
        "host": "prod.internal",
        "port": "6432",
        "dbname": "fleet",
    }
    assert str(prod).startswith("prod (db:pg://dba:") and "s3cret" not in str(prod)
    assert Target.parse("stage", named_project).get("sslmode") == "verify-full"
    with pytest.raises(FleetdbError, match=r"named targets: prod, stage"):
        Target.parse("production", named_project)


COMMANDS = [
    "rehearse",
    "server",
    "mutate",
    "stress",
    "invariants-doc",
    "bench",
    "bench-doc",
    "seed",
    "plans",
    "contracts",
    "erd",
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("spelling", [*SPELLINGS.values(), "prod"], ids=[*SPELLINGS.keys(), "name"])
def test_every_command_takes_the_same_project_and_target_options(command: str, spelling: str) -> None:
    args = build_parser().parse_args([command, "--project", "/srv/plan", "--target", spelling])
    assert (args.project, args.target) == ("/srv/plan", spelling)


# -- a live round trip: a password and sslmode reach psycopg, psql and sqitch ------------------------------

PASSWORD = "p@ss w0rd 'quoted'"


@pytest.fixture(scope="module")
def password_server() -> Iterator[Instance]:
    """A server where every login but the superuser's needs its password (scram over the socket)."""
    instance = start_instance()
    try:
        with instance.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE ROLE dba LOGIN CREATEDB PASSWORD {}").format(sql.Literal(PASSWORD)))
            conn.execute("CREATE DATABASE fleet OWNER dba")
        hba = instance.datadir / "pg_hba.conf"
        hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n")
        if os.geteuid() == 0:
            shutil.chown(hba, "postgres", "postgres")
        with instance.connect(autocommit=True) as conn:
            conn.execute("SELECT pg_reload_conf()")
        yield instance
    finally:
        instance.stop()


def _dba_uri(instance: Instance, password: str) -> str:
    from urllib.parse import quote

    return f"db:pg://dba:{quote(password, safe='')}@/fleet?host={instance.host}&sslmode=prefer"


def test_a_password_and_sslmode_survive_to_psycopg_psql_and_sqitch(password_server: Instance) -> None:
    target = Target.parse(_dba_uri(password_server, PASSWORD))
    assert target.get("sslmode") == "prefer"
    with target.connect() as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("dba",)
    project = Project.load(Path(__file__).resolve().parents[1] / "rehearsal" / "plans" / "good")
    script = Path(project.root) / "verify" / "app_schema.sql"
    result = run_psql(project, target, script)
    assert "password authentication failed" not in result.stderr, result.stderr
    sqitch = Lab(project, server_target(password_server)).sqitch(target)
    sqitch.deploy(project.change("app_schema"), verify=True)
    with target.connect() as conn:
        assert conn.execute("SELECT to_regnamespace('app') IS NOT NULL").fetchone() == (True,)


def test_a_wrong_password_is_one_line_without_the_password(password_server: Instance) -> None:
    wrong = "not-the-password"
    target = Target.parse(_dba_uri(password_server, wrong))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from fleetdb.cli import main; sys.exit(main(sys.argv[1:]))",
            "seed",
            "--target",
            _dba_uri(password_server, wrong),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "python")},
    )
    assert result.returncode == 2
    assert wrong not in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(psycopg.OperationalError) as error:
        target.connect()
    assert wrong not in str(error.value)
