"""Documentation generated from the live catalog (``fleetdb erd``), checked for staleness by the tests."""
