"""fleetdb's pytest plugins, one job each:

- ``fixtures``: the options and fixtures any Sqitch project tests with (``db``, ``fresh_db``, ``actors``);
  registered through the ``pytest11`` entry point, so installing fleetdb turns it on;
- ``invariants``: the invariant machinery (the ``invariant``/``race``/``stress`` marks, selection by
  invariant, the invariant report); a project turns it on (fleetdb: ``-p fleetdb.plugins.invariants``
  in pyproject.toml);
- ``tap``: the TAP stream of a contract run (``fleetdb contracts`` turns it on with ``--tap FILE``).

Nothing outside this package imports them (tests/test_import_graph.py).
"""
