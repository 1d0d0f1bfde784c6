"""fleetdb: the PostgreSQL source of truth for a vehicle-rental fleet, and its contract harness."""
