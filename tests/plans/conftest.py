"""The seeded database of tests/seed serves the plan tests too."""

from tests.seed.conftest import seeded, seeded_conn

__all__ = ["seeded", "seeded_conn"]
