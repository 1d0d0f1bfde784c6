"""The invariant catalog: what the database guarantees and which objects enforce it."""
