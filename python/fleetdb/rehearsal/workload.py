"""The application's load during an online rehearsal: K sessions doing what the business does, through
the persistence layer, as the application role, at a fixed offered rate.

Each session owns one vehicle (``sql/workload_world.sql``) and goes round a fixed cycle of operations:
book it, record odometer readings, charge, take a payment, activate or cancel a booking, refund part of
a payment, post a balanced journal entry, record an inbound message in an inbox, complete a rental,
read a rental with its money, open a workshop job on the vehicle, add its parts and its labour and
close it, correct the odometer, take on a staff member (user, identity, profile, role) and sign them in, read
each module's outbox backlog, and (once the schema has the relay role) claim and publish outbox events
as the relay. Every request is valid, so the workload meets no error of its own: an error during a
deploy was caused by the deploy.

Session n starts its cycle n/K of the way round, so at any moment the sessions run different kinds of
operations: a deploy's lock meets the next operation on its table within a few operation intervals,
not after a burst of the kinds that leave that table alone.

The cycle is meant to touch every table a change of the plan locks: the rehearsal names, per step,
each table the deploy locked that no kind of operation offered then touches (``Step.untouched``), so a
table the workload leaves alone cannot pass unmeasured. Which tables a kind touches, and in which
modes, each operation says itself: just before it commits it reads the table locks its transaction
holds (``sql/own_locks.sql``) into ``kind_locks``, learnt over the whole run. (The relay's transaction
is the persistence layer's own; ``running`` tells the blocking sampler which operation each backend
runs, so it learns the relay's tables from its samples.)

The rate is offered, not closed-loop: operation n of a session is due at ``start + n * interval``. A
session held up by a lock starts its next operations late, and an operation's latency counts from when
it was due (``Operation.latency``), which is what a user of the application would see.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row

from fleetdb.errors import FleetdbError, libpq_message
from fleetdb.processes import stopping
from fleetdb.rehearsal.online_model import DOMAIN_ERROR, ERROR, OK, Operation
from fleetdb.sql_files import load_sql
from fleetdb_persistence import RELAY_ROLE, PersistenceError, Store, UnitOfWork, relay_once
from fleetdb_persistence.accounting import NewEntry, NewLine
from fleetdb_persistence.errors import NotPermitted, TransientConflict
from fleetdb_persistence.fleet import NewCorrection, NewReading
from fleetdb_persistence.iam import NewStaffProfile, NewUser
from fleetdb_persistence.integration import MODULES, Module, OutboxEvent
from fleetdb_persistence.maintenance import NewJob, NewLabour, NewPart
from fleetdb_persistence.rental import Booking, NewCharge, NewPayment, NewRefund

APPLICATION_NAME = "fleetdb-online-workload"
# One session's round; "activate" becomes "cancel" every other round, so bookings end both ways.
CYCLE = (
    "book",
    "reading",
    "charge",
    "payment",
    "details",
    "activate",
    "reading",
    "refund",
    "posting",
    "inbox",
    "complete",
    "job",
    "parts",
    "reading",
    "labour",
    "backlog",
    "close job",
    "staff",
    "sign in",
    "correction",
    "relay",
)
OPERATIONS = (*sorted(set(CYCLE)), "cancel")
CONSUMER = "fleetdb-online"
PROVIDER = "fleetdb_online"
ISSUER = "https://idp.fleetdb-online.invalid"
STAFF_ROLE = "branch_agent"
# An application statement never waits longer than this: a rehearsal cannot hang on a lock.
STATEMENT_TIMEOUT_MS = 60_000
ABORT_WAIT = 2.0  # seconds a stopped rehearsal waits for its sessions to end


class _QuietOnStop(logging.Filter):
    """Once a signal stops the rehearsal (its servers with it), the pool's reconnection warnings are
    not news: the command's last line says what stopped it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not stopping()


@dataclass(frozen=True)
class Corner:
    """The rows one session works on (one row of ``workload_world.sql``)."""

    vehicle_id: uuid.UUID
    location_id: uuid.UUID
    customer_id: uuid.UUID
    currency: str
    bank_account_id: uuid.UUID
    revenue_account_id: uuid.UUID
    first_slot: datetime
    first_reading_at: datetime
    first_reading_km: Decimal


def read_world(conn: psycopg.Connection[Any], sessions: int) -> list[Corner]:
    """One corner of the database per session; fails in one line when the data cannot give them."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(load_sql(__package__, "workload_world"), {"sessions": sessions}).fetchall()
    conn.rollback()
    if len(rows) < sessions:
        raise WorkloadUnavailable(
            f"the workload needs {sessions} in-service vehicles and customers and a currency with a bank "
            f"(asset) and a revenue account; the database has {len(rows)} such vehicle(s): seed it "
            "(--scale) or lower --sessions"
        )
    return [Corner(**row) for row in rows]


class WorkloadUnavailable(FleetdbError):
    """The database does not hold what the workload needs."""


@dataclass
class _State:
    """What one session has made so far, so each operation has a valid row to work on."""

    corner: Corner
    number: int  # the session's number: sessions start at different places of the cycle and modules
    slot: datetime
    reading_at: datetime
    reading_km: Decimal
    reserved: deque[uuid.UUID] = field(default_factory=deque)
    active: deque[uuid.UUID] = field(default_factory=deque)
    latest_rental: uuid.UUID | None = None
    payments: deque[tuple[uuid.UUID, int]] = field(default_factory=deque)  # (payment, refunds left)
    job: uuid.UUID | None = None  # the workshop job open on the vehicle
    staff: deque[str] = field(default_factory=deque)  # identity subjects of staff taken on, to sign in
    rounds: int = 0


class Workload:
    """``start()``, then ``pause()``/``resume()`` around quiet checks, ``stop()``; ``operations`` holds
    every operation run, ``published`` the outbox events the relay marked published (by module)."""

    def __init__(
        self,
        app_conninfo: str,
        corners: list[Corner],
        rate: float,
        clock: Callable[[], float],
        relay_conninfo: str | None = None,
    ) -> None:
        self.corners = corners
        self.sessions = len(corners)
        self.interval = self.sessions / rate
        self.clock = clock
        self.operations: list[Operation] = []
        self.published: dict[str, set[uuid.UUID]] = {module: set() for module in MODULES}
        self.errors: list[BaseException] = []  # what killed a session (never a database error)
        self._app_conninfo = _session_conninfo(app_conninfo)
        self._relay_conninfo = _session_conninfo(relay_conninfo) if relay_conninfo else None
        self._store: Store | None = None
        self._relay: Store | None = None
        self._relay_lock = threading.Lock()  # held by a relay operation; closing the relay waits for it
        self._lock = threading.Lock()
        self._running = threading.Event()
        self._stopping = threading.Event()
        self._busy = 0
        self._idle = threading.Condition(self._lock)
        self._resumed_at = 0.0
        self._threads: list[threading.Thread] = []
        self._running_kinds: dict[int, str] = {}  # backend pid -> the operation it runs now
        # kind of operation -> table -> the lock modes its operations held on it (read by each operation)
        self.kind_locks: dict[str, dict[str, set[str]]] = {}

    def running(self) -> dict[int, str]:
        """Backend pid -> the kind of operation it runs now, for each of the workload's busy backends."""
        return dict(self._running_kinds)

    def offered(self) -> set[str]:
        """The kinds of operation the sessions run from now on: every kind, the relay only when on."""
        return {kind for kind in OPERATIONS if kind != "relay" or self._relay is not None}

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        pool_log = logging.getLogger("psycopg.pool")
        if not any(isinstance(f, _QuietOnStop) for f in pool_log.filters):
            pool_log.addFilter(_QuietOnStop())
        self._store = Store.open(self._app_conninfo, min_size=self.sessions, max_size=self.sessions)
        self._resumed_at = self.clock()
        self._running.set()
        for number, corner in enumerate(self.corners):
            thread = threading.Thread(target=self._session, args=(number, corner), daemon=True)
            thread.start()
            self._threads.append(thread)

    def pause(self) -> None:
        """No new operation starts; returns when the running ones have ended."""
        self._running.clear()
        with self._idle:
            self._idle.wait_for(lambda: self._busy == 0)

    def resume(self) -> None:
        """Go on at the offered rate from now (operations due during the pause are not made up)."""
        with self._lock:
            self._resumed_at = self.clock()
        self._running.set()

    def stop(self, abort: bool = False) -> None:
        """Let every session finish its operation and end. ``abort`` (the rehearsal stopped or failed:
        on a signal its servers are stopped with it) closes the pools first, so that they stop
        reconnecting, and waits for the sessions ``ABORT_WAIT`` seconds at most: a session that was
        between two connection attempts waits out the pool's timeout (psycopg_pool checks for a closed
        pool on entry only), and it is a daemon thread that ends with the process."""
        self._stopping.set()
        self._running.set()
        abort = abort or stopping()
        if abort:
            self._close_stores()
        deadline = time.monotonic() + ABORT_WAIT
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()) if abort else None)
        self._threads.clear()
        self._close_stores()
        self._store = self._relay = None

    def _close_stores(self) -> None:
        for store in (self._store, self._relay):
            if store is not None and not store.pool.closed:
                store.close()

    @property
    def pids(self) -> set[int]:
        with self._lock:
            return {op.pid for op in self.operations if op.pid}

    # -- the relay ----------------------------------------------------------------------------------
    @property
    def relay_enabled(self) -> bool:
        return self._relay is not None

    def set_relay(self, enabled: bool) -> None:
        """Start or stop claiming outbox events as the relay (call between steps). Starting it first
        claims a batch of every module and rolls back: the relay of this release must be able to run on
        the schema as it is (raises the error when it cannot, and the relay stays off)."""
        if enabled and self._relay is None and self._relay_conninfo:
            relay = Store.open(self._relay_conninfo, min_size=1, max_size=1, role=RELAY_ROLE)
            try:
                with relay.unit_of_work() as uow:
                    for module in MODULES:
                        uow.integration.claim_batch(module, 1)  # type: ignore[arg-type]
            except BaseException:
                relay.close()
                raise
            self._relay = relay
        elif not enabled and self._relay is not None:
            with self._relay_lock:  # a session may be in a relay operation right now
                relay, self._relay = self._relay, None
            relay.close()

    # -- one session --------------------------------------------------------------------------------
    def _session(self, number: int, corner: Corner) -> None:
        state = _State(corner, number, corner.first_slot, corner.first_reading_at, corner.first_reading_km)
        due = self.clock() + number * self.interval / self.sessions
        resumed = self._resumed_at
        step = number * len(CYCLE) // self.sessions  # sessions spread round the cycle
        try:
            while True:
                self._running.wait()
                if self._stopping.is_set() or stopping():  # a signal: the servers are being stopped
                    return
                with self._lock:
                    if self._resumed_at != resumed:  # a pause: start the schedule again from now
                        resumed = self._resumed_at
                        due = max(due, resumed + number * self.interval / self.sessions)
                    if not self._running.is_set():
                        continue
                    self._busy += 1
                try:
                    delay = due - self.clock()
                    if delay > 0:
                        time.sleep(delay)
                    kind = self._next_kind(state, step)
                    operation = self._run(number, kind, state, due)
                    with self._lock:
                        self.operations.append(operation)
                finally:
                    with self._idle:
                        self._busy -= 1
                        self._idle.notify_all()
                step += 1
                due += self.interval
        except BaseException as error:  # a bug of the workload, reported by the rehearsal
            with self._lock:
                self.errors.append(error)

    def _next_kind(self, state: _State, step: int) -> str:
        kind = CYCLE[step % len(CYCLE)]
        if step % len(CYCLE) == 0 and step:
            state.rounds += 1
        if kind == "activate" and state.rounds % 2:
            kind = "cancel"
        missing = (
            (kind in ("activate", "cancel") and not state.reserved)
            or (kind == "complete" and not state.active)
            or (kind in ("charge", "payment", "details") and state.latest_rental is None)
            or (kind == "refund" and not state.payments)
            or (kind in ("parts", "labour", "close job") and state.job is None)
            or (kind == "job" and state.job is not None)
            or (kind == "sign in" and not state.staff)
            or (kind == "relay" and self._relay is None)
        )
        return "reading" if missing else kind

    def _run(self, number: int, kind: str, state: _State, due: float) -> Operation:
        pids = [0]
        probed = 0.0
        started = self.clock()
        try:
            # One relay, as in production: a session whose turn comes while another session is in
            # the relay records a reading instead of queueing behind it.
            if kind == "relay" and self._relay_lock.acquire(blocking=False):
                try:
                    if self._relay is not None:
                        self._relay_operation(self._relay, number, pids)
                        return Operation(kind, number, pids[0], due, started, self.clock(), OK)
                finally:
                    self._running_kinds.pop(pids[0], None)
                    self._relay_lock.release()
            if kind == "relay":
                kind = "reading"  # the relay is busy, or was stopped after the kind was chosen
            assert self._store is not None
            with self._store.unit_of_work() as uow:
                pids[0] = uow.conn.info.backend_pid
                self._running_kinds[pids[0]] = kind
                try:
                    remember = _OPERATIONS[kind](uow, state)
                    probed = self.clock()
                    self._learn(kind, uow.conn)
                    probed = self.clock() - probed  # the application would not ask: not its latency
                    uow.commit()
                finally:
                    self._running_kinds.pop(pids[0], None)
            remember()
        except PersistenceError as error:
            domain = type(error) is not PersistenceError and not isinstance(
                error, TransientConflict | NotPermitted
            )
            outcome = DOMAIN_ERROR if domain else ERROR
            return Operation(
                kind, number, pids[0], due, started, self.clock(), outcome, error.sqlstate, error.constraint,
                _first_line(str(error)),
            )  # fmt: skip
        except psycopg.Error as error:  # a lost connection, a pool that could not give one
            return Operation(
                kind, number, pids[0], due, started, self.clock(), ERROR, error.sqlstate, None,
                libpq_message(error),
            )  # fmt: skip
        return Operation(kind, number, pids[0], due, started, self.clock() - probed, OK)

    def _learn(self, kind: str, conn: psycopg.Connection[Any]) -> None:
        """Note the table locks the operation's transaction holds now, just before it commits."""
        rows = conn.execute(load_sql(__package__, "own_locks")).fetchall()
        with self._lock:
            tables = self.kind_locks.setdefault(kind, {})
            for relation, mode in rows:
                tables.setdefault(str(relation), set()).add(str(mode))

    def _relay_operation(self, relay: Store, number: int, pids: list[int]) -> None:
        with relay.pool.connection() as conn:  # the relay's one session: its pid names it to the sampler
            pids[0] = conn.info.backend_pid
        self._running_kinds[pids[0]] = "relay"
        module: Module = MODULES[number % len(MODULES)]  # type: ignore[assignment]

        def publish(batch: list[OutboxEvent]) -> None:
            with self._lock:
                self.published[module].update(event.id for event in batch)

        relay_once(relay, module, publish, limit=20)


# -- the operations: each does its writes in the unit of work and returns what to remember once it
#    committed (a rolled-back booking must not be activated later) ---------------------------------
Done = Callable[[], None]


def _book(uow: UnitOfWork, state: _State) -> Done:
    corner = state.corner
    slot = state.slot
    rental = uow.rental.book(
        Booking(
            corner.vehicle_id,
            corner.customer_id,
            corner.location_id,
            corner.location_id,
            slot,
            slot + timedelta(hours=2),
            corner.currency,
        )
    )

    def done() -> None:
        state.reserved.append(rental.id)
        state.latest_rental = rental.id

    state.slot = slot + timedelta(hours=3)  # a failed booking's slot is not tried again
    return done


def _reading(uow: UnitOfWork, state: _State) -> Done:
    at, km = state.reading_at, state.reading_km
    uow.fleet.record_reading(NewReading(state.corner.vehicle_id, km, at, "telematics"))
    state.reading_at, state.reading_km = at + timedelta(minutes=1), km + 1
    return _nothing


def _charge(uow: UnitOfWork, state: _State) -> Done:
    assert state.latest_rental is not None
    uow.rental.add_charge(NewCharge(state.latest_rental, state.corner.currency, "base_rate", 5000, "online"))
    return _nothing


def _payment(uow: UnitOfWork, state: _State) -> Done:
    assert state.latest_rental is not None
    payment = uow.rental.capture_payment(
        NewPayment(
            state.latest_rental,
            state.corner.currency,
            10_000,
            PROVIDER,
            f"online-{uuid.uuid4().hex}",
            datetime.now(UTC),
        )
    )
    return lambda: state.payments.append((payment.id, 10))


def _refund(uow: UnitOfWork, state: _State) -> Done:
    payment, left = state.payments[0]
    uow.rental.refund(NewRefund(payment, state.corner.currency, 1_000, "online rehearsal", datetime.now(UTC)))

    def done() -> None:
        state.payments.popleft()
        if left > 1:
            state.payments.appendleft((payment, left - 1))

    return done


def _status(change: str) -> Callable[[UnitOfWork, _State], Done]:
    def operation(uow: UnitOfWork, state: _State) -> Done:
        source = state.active if change == "complete" else state.reserved
        rental = source[0]
        getattr(uow.rental, change)(rental)

        def done() -> None:
            source.popleft()
            if change == "activate":
                state.active.append(rental)

        return done

    return operation


def _details(uow: UnitOfWork, state: _State) -> Done:
    assert state.latest_rental is not None
    uow.rental.details(state.latest_rental)
    return _nothing


def _posting(uow: UnitOfWork, state: _State) -> Done:
    corner = state.corner
    uow.accounting.post_entry(
        NewEntry(
            source="rental",
            external_reference=f"online-{uuid.uuid4().hex}",
            posting_date=date.today(),
            currency=corner.currency,
            description="online rehearsal",
            lines=[NewLine(corner.bank_account_id, 100), NewLine(corner.revenue_account_id, -100)],
        )
    )
    return _nothing


def _inbox(uow: UnitOfWork, state: _State) -> Done:
    module: Module = MODULES[(state.rounds + state.number) % len(MODULES)]  # type: ignore[assignment]
    uow.integration.record_delivery(module, CONSUMER, uuid.uuid4())
    return _nothing


def _job(uow: UnitOfWork, state: _State) -> Done:
    corner = state.corner
    slot = state.slot
    job = uow.maintenance.open_job(
        NewJob(corner.vehicle_id, "service", slot, slot + timedelta(hours=2), corner.currency, start_now=True)
    )
    state.slot = slot + timedelta(hours=3)  # bookings and open jobs of a vehicle never overlap

    def done() -> None:
        state.job = job.job.id

    return done


def _parts(uow: UnitOfWork, state: _State) -> Done:
    assert state.job is not None
    currency = state.corner.currency
    uow.maintenance.add_parts(state.job, [NewPart("OIL-5W30", Decimal("4.5"), 1_200, currency, "engine oil")])
    return _nothing


def _labour(uow: UnitOfWork, state: _State) -> Done:
    assert state.job is not None
    labour = NewLabour("online", Decimal("1.25"), 6_000, state.corner.currency)
    uow.maintenance.add_labour(state.job, [labour])
    return _nothing


def _close_job(uow: UnitOfWork, state: _State) -> Done:
    assert state.job is not None
    uow.maintenance.close_job(state.job)

    def done() -> None:
        state.job = None

    return done


def _correction(uow: UnitOfWork, state: _State) -> Done:
    at = state.reading_at
    uow.fleet.record_correction(NewCorrection(state.corner.vehicle_id, "correction", at, "online rehearsal"))
    state.reading_at = at + timedelta(minutes=1)  # readings go on after the correction, still rising
    return _nothing


def _staff(uow: UnitOfWork, state: _State) -> Done:
    name = uuid.uuid4().hex
    user = uow.iam.create_user(NewUser(f"online-{name}@fleetdb-online.invalid", "Online rehearsal"))
    uow.iam.link_identity(user.id, ISSUER, name)
    employee = f"ON-{name[:12].upper()}"
    uow.iam.add_staff_profile(NewStaffProfile(user.id, employee, state.corner.location_id, "branch agent"))
    uow.iam.grant_role(user.id, STAFF_ROLE)
    return lambda: state.staff.append(name)


def _sign_in(uow: UnitOfWork, state: _State) -> Done:
    uow.iam.find_by_identity(ISSUER, state.staff[0])

    def done() -> None:
        state.staff.popleft()

    return done


def _backlog(uow: UnitOfWork, state: _State) -> Done:
    module: Module = MODULES[(state.rounds + state.number) % len(MODULES)]  # type: ignore[assignment]
    uow.integration.pending_count(module)  # a health check: one module's unpublished events
    return _nothing


def _nothing() -> None:
    return None


_OPERATIONS: dict[str, Callable[[UnitOfWork, _State], Done]] = {
    "book": _book,
    "reading": _reading,
    "charge": _charge,
    "payment": _payment,
    "refund": _refund,
    "activate": _status("activate"),
    "cancel": _status("cancel"),
    "complete": _status("complete"),
    "details": _details,
    "posting": _posting,
    "inbox": _inbox,
    "job": _job,
    "parts": _parts,
    "labour": _labour,
    "close job": _close_job,
    "correction": _correction,
    "staff": _staff,
    "sign in": _sign_in,
    "backlog": _backlog,
}


def _session_conninfo(conninfo: str) -> str:
    options = conninfo_to_dict(conninfo).get("options") or ""
    return make_conninfo(
        conninfo,
        application_name=APPLICATION_NAME,
        options=f"{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip(),
    )


def _first_line(message: str) -> str:
    return " ".join(message.split())[:300]
