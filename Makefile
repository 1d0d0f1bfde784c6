# The two commands of the README quick start. Each one installs what is missing first.
VENV := .venv/bin
PYTEST_WORKERS ?= 2

.PHONY: test rehearse lint typecheck bootstrap bench mutate stress

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
	$(VENV)/fleetdb mutate --skip-baseline --kind removal --jobs $(PYTEST_WORKERS)

# Every removal and semantic mutant of every enforcing object (docs/db/invariants.md); a survivor not on
# record in survivors.toml fails. make test runs the removal mutants; the semantic CI sample
# (fleetdb mutate --sample) joins it once the mutants of the newest v1.1 objects are classified.
mutate: bootstrap
	$(VENV)/fleetdb mutate --verify-scripts
	$(VENV)/fleetdb mutate --jobs $(PYTEST_WORKERS)

# 8 sessions x 500 attempts per race at each isolation level, plus the outbox order run; reports 0
# violations or fails.
stress: bootstrap
	$(VENV)/fleetdb stress

rehearse: bootstrap
	$(VENV)/fleetdb rehearse

bench: bootstrap
	$(VENV)/fleetdb bench
