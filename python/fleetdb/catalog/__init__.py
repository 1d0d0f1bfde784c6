"""Catalog snapshots: the database's shape as plain data that compares by value.

The contract assertions, the rollback rehearsal and the docs generators all read the same snapshot.
"""

from fleetdb.catalog.diff import Difference, diff_catalogs
from fleetdb.catalog.snapshot import KINDS, CatalogSnapshot, snapshot_catalog

__all__ = ["KINDS", "CatalogSnapshot", "Difference", "diff_catalogs", "snapshot_catalog"]
