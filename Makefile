# The two commands of the README quick start. Each one installs what is missing first.
VENV := .venv/bin
PYTEST_WORKERS ?= 2

.PHONY: test rehearse lint typecheck bootstrap bench

bootstrap:
	@scripts/bootstrap

lint: bootstrap
	$(VENV)/ruff check python tests
	$(VENV)/ruff format --check python tests

typecheck: bootstrap
	$(VENV)/mypy

test: lint typecheck
	@mkdir -p reports
	$(VENV)/pytest -n $(PYTEST_WORKERS) --dist loadfile --invariant-report --junitxml=reports/junit.xml

rehearse: bootstrap
	$(VENV)/fleetdb rehearse

bench: bootstrap
	$(VENV)/fleetdb bench
