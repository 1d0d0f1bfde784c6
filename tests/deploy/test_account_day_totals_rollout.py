"""ACCT-DAY-TOTALS while the account day totals roll out under live postings.

``accounting_account_day_totals`` switches without a backfill (it holds journal_lines for a moment);
``accounting_account_day_totals_backfill`` writes the older days' totals later, in batches of accounts,
checks them and drops the start trigger. In between, every account-day with a total has the sum of its
lines, at every isolation level. Each scenario steps real sessions around a real ``sqitch deploy`` on a
database holding lines posted before the switch, ordered by the server's lock state (pg_blocking_pids),
never by sleep; the holes shown with the part that closes them removed are marked long (make test-long).
"""

from __future__ import annotations

import re
from uuid import UUID

import psycopg
import pytest
from psycopg import IsolationLevel, errors
from psycopg.types.json import Jsonb

from fleetdb.catalog import diff_catalogs, snapshot_catalog
from fleetdb.databases import Database
from fleetdb.invariants.violations import find_violations
from fleetdb.project import Change
from fleetdb.races import Actors
from fleetdb.sqitch import Sqitch, SqitchFailed
from tests.support import rollout
from tests.support.rollout import commit_or_error, waited_on
from tests.support.world import World

SWITCH = "accounting_account_day_totals"
BACKFILL = "accounting_account_day_totals_backfill"
ROLLOUT = [SWITCH, BACKFILL]
short_project, sqitch, before_switch, database = rollout.FIXTURES
START_TRIGGER = "journal_lines_day_totals_start_trg"
INVARIANT = "ACCT-DAY-TOTALS"
DAY, NEXT_DAY = "2030-06-01", "2030-06-02"
POST = "SELECT accounting.post_entry('rental', %s, %s, 'EUR', 'rollout', %s, NULL)"
# SERIALIZABLE behaves as REPEATABLE READ here (one snapshot, 40001 on a row changed after it): its runs
# are in make test-long, to keep make test near its budget.
_SERIALIZABLE = pytest.param(IsolationLevel.SERIALIZABLE, id="SERIALIZABLE", marks=pytest.mark.long)
LEVELS = [
    pytest.param(IsolationLevel.READ_COMMITTED, id="READ_COMMITTED"),
    pytest.param(IsolationLevel.REPEATABLE_READ, id="REPEATABLE_READ"),
    _SERIALIZABLE,
]
SNAPSHOT_LEVELS = LEVELS[1:]
Day = tuple[int, int | None]  # (sum of the lines, the total or None)


def _lines(*lines: tuple[UUID, int]) -> Jsonb:
    return Jsonb([{"account_id": str(account), "amount_minor": amount} for account, amount in lines])


@pytest.fixture
def accounts(database: Database) -> tuple[UUID, UUID]:
    """A cash and a revenue account."""
    with database.connect(autocommit=True) as conn:
        world = World(conn)
        return world.account(), world.account(type="revenue")


def _change(sqitch: Sqitch, name: str) -> Change:
    return sqitch.project.change(name)


def _post(database: Database, reference: str, day: str, *lines: tuple[UUID, int]) -> None:
    with database.connect(autocommit=True) as conn:
        conn.execute(POST, (reference, day, _lines(*lines)))


def _day(database: Database, account: UUID, day: str = DAY) -> Day:
    """The account's lines of the day summed, and its total (None without a row)."""
    with database.connect(autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(amount_minor), 0) FROM accounting.journal_lines"
            " WHERE account_id = %s AND posting_date = %s",
            (account, day),
        ).fetchone()
        total = conn.execute(
            "SELECT amount_minor FROM accounting.account_day_totals"
            " WHERE account_id = %s AND posting_date = %s",
            (account, day),
        ).fetchone()
    assert row is not None
    return int(row[0]), int(total[0]) if total else None


def _violations(database: Database) -> list[str]:
    with database.connect(autocommit=True) as conn:
        return find_violations(conn, INVARIANT)


def _started(database: Database) -> bool:
    with database.connect(autocommit=True) as conn:
        return bool(conn.execute("SELECT FROM pg_trigger WHERE tgname = %s", (START_TRIGGER,)).fetchall())


def _replace_start(database: Database, pattern: str) -> None:
    """The start function with ``pattern`` (a regular expression over its definition) taken out."""
    with database.connect(autocommit=True) as conn:
        row = conn.execute(
            "SELECT pg_get_functiondef('accounting.account_day_totals_start()'::regprocedure)"
        ).fetchone()
        assert row is not None
        definition, count = re.subn(pattern, "", str(row[0]), flags=re.DOTALL)
        assert count == 1, pattern
        conn.execute(definition.encode())


# --- the switch: a moment, whatever the table holds ----------------------------------------------------


def test_the_switch_waits_for_a_posting_in_flight_and_backfills_nothing(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    _post(database, "old", DAY, (cash, 100), (revenue, -100))
    group = Actors(database, 2)
    try:
        group[0].execute("BEGIN")
        group[0].execute(POST, ("in-flight", DAY, _lines((cash, 20), (revenue, -20))))
        deploy = sqitch.start_deploy(_change(sqitch, SWITCH))
        assert waited_on(group, group.pid(0), deploy)  # the switch waits for the posting in flight ...
        second = group.submit(1, POST, ("queued", NEXT_DAY, _lines((cash, 5), (revenue, -5))))
        blockers = group.wait_until_blocked(1)  # ... and a new posting queues behind the switch alone
        assert group.pid(0) not in blockers
        group[0].execute("COMMIT")
        output = deploy.communicate(timeout=120)[0]
        assert deploy.returncode == 0, output
        second.result(timeout=60)
    finally:
        group.close()
    assert _day(database, cash) == (120, None)  # left to the backfill
    assert _day(database, cash, NEXT_DAY) == (5, 5)  # started by its first posting
    _post(database, "after", DAY, (cash, 1), (revenue, -1))  # a day's first posting starts from all its lines
    assert _day(database, cash) == (121, 121)
    assert _day(database, revenue) == (-121, -121)


@pytest.mark.long  # the precedent's switch shows the same lock_timeout: make test-long
def test_a_switch_that_cannot_lock_gives_up_and_leaves_nothing(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    group = Actors(database, 1)
    try:
        group[0].execute("BEGIN")
        group[0].execute(POST, ("open", DAY, _lines((cash, 3), (revenue, -3))))
        deploy = sqitch.start_deploy(_change(sqitch, SWITCH))
        output = deploy.communicate(timeout=120)[0]
        group[0].execute("COMMIT")
    finally:
        group.close()
    assert deploy.returncode != 0
    assert "lock timeout" in output
    with database.connect(autocommit=True) as conn:
        assert conn.execute("SELECT to_regclass('accounting.account_day_totals')").fetchone() == (None,)


# --- between the switch and the backfill ---------------------------------------------------------------


def _old_snapshot_posts_after_the_switch(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID], level: IsolationLevel, *, guard: bool
) -> psycopg.Error | None:
    """A transaction takes its snapshot; a posting without the triggers commits; the switch deploys; the
    old snapshot then posts to the same day: its total would start from a sum that misses the first."""
    cash, revenue = accounts
    group = Actors(database, 1, level)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # the snapshot
        group.observer.execute(POST, ("unseen", DAY, _lines((cash, 100), (revenue, -100))))
        sqitch.deploy(_change(sqitch, SWITCH))
        if not guard:
            _replace_start(database, r"IF NOT EXISTS \(SELECT FROM pg_class.*?END IF;")
        return commit_or_error(old, POST, ("old-snapshot", DAY, _lines((cash, 10), (revenue, -10))))
    finally:
        group.close()


@pytest.mark.parametrize("level", SNAPSHOT_LEVELS)
def test_a_snapshot_older_than_the_switch_cannot_start_totals(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID], level: IsolationLevel
) -> None:
    failure = _old_snapshot_posts_after_the_switch(sqitch, database, accounts, level, guard=True)
    assert isinstance(failure, errors.SerializationFailure), failure
    assert failure.diag.constraint_name == START_TRIGGER
    assert _day(database, accounts[0]) == (100, None)


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_without_the_snapshot_check_an_old_snapshot_starts_short(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    failure = _old_snapshot_posts_after_the_switch(
        sqitch, database, accounts, IsolationLevel.REPEATABLE_READ, guard=False
    )
    assert failure is None
    assert _day(database, accounts[0]) == (110, 10)


def _postings_after_the_switch(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID], level: IsolationLevel, *, start: bool
) -> None:
    """Lines posted before the switch on one day; after it, at ``level``: an entry touching cash twice on
    that day, and one on a new day."""
    cash, revenue = accounts
    _post(database, "old-1", DAY, (cash, 100), (revenue, -100))
    _post(database, "old-2", DAY, (revenue, 30), (cash, -30))
    sqitch.deploy(_change(sqitch, SWITCH))
    if not start:
        with database.connect(autocommit=True) as conn:
            conn.execute(f"DROP TRIGGER {START_TRIGGER} ON accounting.journal_lines")
    group = Actors(database, 1, level)
    try:
        group[0].execute(POST, ("twice", DAY, _lines((cash, 4), (revenue, -12), (cash, 8))))
        group[0].execute(POST, ("new-day", NEXT_DAY, _lines((cash, 2), (revenue, -2))))
    finally:
        group.close()


@pytest.mark.parametrize("level", LEVELS)
def test_postings_between_switch_and_backfill_keep_exact_totals(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID], level: IsolationLevel
) -> None:
    cash, revenue = accounts
    _postings_after_the_switch(sqitch, database, accounts, level, start=True)
    assert [_day(database, cash), _day(database, revenue)] == [(82, 82), (-82, -82)]
    assert _day(database, cash, NEXT_DAY) == (2, 2)
    assert _violations(database) == []
    sqitch.deploy(_change(sqitch, BACKFILL))
    assert _violations(database) == []
    assert not _started(database)


@pytest.mark.long  # a hole shown with its guard removed: make test-long
def test_without_the_start_trigger_the_totals_miss_the_older_lines(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, _ = accounts
    _postings_after_the_switch(sqitch, database, accounts, IsolationLevel.READ_COMMITTED, start=False)
    assert _day(database, cash) == (82, 12)  # the 70 posted before the switch are missing
    with pytest.raises(SqitchFailed) as caught:  # and the backfill refuses to go on
        sqitch.deploy(_change(sqitch, BACKFILL))
    assert f"account {cash}, EUR, {DAY}: lines 82, total 12" in caught.value.output


# --- the backfill --------------------------------------------------------------------------------------


def test_a_backfill_batch_racing_a_first_posting_waits_and_leaves_its_total(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    _post(database, "old", DAY, (cash, 100), (revenue, -100))
    _post(database, "other-day", NEXT_DAY, (cash, 300), (revenue, -300))
    sqitch.deploy(_change(sqitch, SWITCH))
    group = Actors(database, 1)
    try:
        group[0].execute("BEGIN")
        group[0].execute(POST, ("first", DAY, _lines((cash, 10), (revenue, -10))))  # starts the day: 110
        deploy = sqitch.start_deploy(_change(sqitch, BACKFILL))
        assert waited_on(group, group.pid(0), deploy)  # the batch's insert of that day waits
        group[0].execute("COMMIT")
        output = deploy.communicate(timeout=120)[0]
    finally:
        group.close()
    assert deploy.returncode == 0, output
    assert _day(database, cash) == (110, 110)
    assert _day(database, cash, NEXT_DAY) == (300, 300)
    assert _violations(database) == []
    assert not _started(database)


@pytest.mark.long  # PostgreSQL's own upsert at a snapshot level: make test-long
@pytest.mark.parametrize("level", SNAPSHOT_LEVELS)
def test_a_snapshot_older_than_the_backfill_conflicts_with_its_totals(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID], level: IsolationLevel
) -> None:
    cash, revenue = accounts
    _post(database, "old", DAY, (cash, 100), (revenue, -100))
    sqitch.deploy(_change(sqitch, SWITCH))
    group = Actors(database, 1, level)
    try:
        old = group[0]
        old.execute("BEGIN")
        old.execute("SELECT 1")  # a snapshot from after the switch, before the backfill
        sqitch.deploy(_change(sqitch, BACKFILL))
        with pytest.raises(errors.SerializationFailure):  # its day's total committed unseen
            old.execute(POST, ("late", DAY, _lines((cash, 10), (revenue, -10))))
        old.execute("ROLLBACK")
    finally:
        group.close()
    assert _day(database, cash) == (100, 100)


def test_the_backfill_names_totals_that_differ_from_their_lines(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    sqitch.deploy(_change(sqitch, SWITCH))
    _post(database, "sale", DAY, (cash, 300), (revenue, -300))
    with database.connect(autocommit=True) as conn:
        conn.execute(
            "UPDATE accounting.account_day_totals SET amount_minor = 299 WHERE account_id = %s", (cash,)
        )
    with pytest.raises(SqitchFailed) as caught:
        sqitch.deploy(_change(sqitch, BACKFILL))
    assert f"account {cash}, EUR, {DAY}: lines 300, total 299" in caught.value.output
    assert _started(database)  # the start trigger stays until every total is right
    with database.connect(autocommit=True) as conn:
        conn.execute("DELETE FROM accounting.account_day_totals WHERE account_id = %s", (cash,))
    sqitch.deploy(_change(sqitch, BACKFILL))  # as the hint says: the backfill writes it anew
    assert _day(database, cash) == (300, 300)
    assert not _started(database)
    script = (sqitch.project.root / "verify" / f"{BACKFILL}.sql").read_bytes()
    with database.connect(autocommit=True) as conn:
        conn.execute(script)
        conn.execute(
            "UPDATE accounting.account_day_totals SET amount_minor = 1 WHERE account_id = %s", (cash,)
        )
        with pytest.raises(errors.RaiseException, match="differs from the journal lines"):
            conn.execute(script)


# --- revert and redeploy -------------------------------------------------------------------------------


@pytest.mark.long  # the whole-plan rehearsal (CI) compares every revert too: make test-long
def test_revert_restores_each_catalog_and_a_redeploy_is_exact(
    sqitch: Sqitch, database: Database, accounts: tuple[UUID, UUID]
) -> None:
    cash, revenue = accounts
    _post(database, "old", DAY, (cash, 100), (revenue, -100))
    with database.connect(autocommit=True) as conn:
        before = snapshot_catalog(conn)
    sqitch.deploy(_change(sqitch, SWITCH))
    with database.connect(autocommit=True) as conn:
        switched = snapshot_catalog(conn)
    sqitch.deploy(_change(sqitch, BACKFILL))
    _post(database, "between", NEXT_DAY, (cash, 5), (revenue, -5))
    sqitch.revert(_change(sqitch, SWITCH))
    with database.connect(autocommit=True) as conn:
        assert diff_catalogs(switched, snapshot_catalog(conn)) == []
    assert _started(database)
    _post(database, "again", NEXT_DAY, (cash, 6), (revenue, -6))
    assert _violations(database) == []
    previous = sqitch.project.changes[sqitch.project.index(_change(sqitch, SWITCH)) - 1]
    sqitch.revert(previous)
    with database.connect(autocommit=True) as conn:
        assert diff_catalogs(before, snapshot_catalog(conn)) == []
    sqitch.deploy(_change(sqitch, BACKFILL))
    assert _violations(database) == []
    assert _day(database, cash, NEXT_DAY) == (11, 11)
