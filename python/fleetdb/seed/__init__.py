"""Realistic, internally consistent data at a chosen scale, written by set-based SQL (``sql/*.sql``)."""

from fleetdb.seed.checks import CheckResult, check_seeded_data
from fleetdb.seed.detect import seeded_counts, seeded_scale
from fleetdb.seed.runner import Seeder, SeedResult, seed_database
from fleetdb.seed.sizes import BENCHMARK_SCALE, SeedSizes

__all__ = [
    "BENCHMARK_SCALE",
    "CheckResult",
    "SeedResult",
    "SeedSizes",
    "Seeder",
    "check_seeded_data",
    "seed_database",
    "seeded_counts",
    "seeded_scale",
]
