"""Named read paths, their plan review on seeded data, and the index catalog checks."""

from fleetdb.plans.indexes import check_indexes
from fleetdb.plans.model import IndexProblem, PathResult, Thresholds
from fleetdb.plans.paths import ReadPath, load_paths, load_samples
from fleetdb.plans.review import review_paths

__all__ = [
    "IndexProblem",
    "PathResult",
    "ReadPath",
    "Thresholds",
    "check_indexes",
    "load_paths",
    "load_samples",
    "review_paths",
]
