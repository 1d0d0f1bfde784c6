"""SQL of the races: per race ``<name>.setup.sql`` (once), optional ``<name>.round.sql`` (per round),
``<name>.attempt.sql`` (what every session tries), ``<name>.count.sql`` (committed winners, counted
independently) and ``<name>.violations.sql`` (rows that break the invariant; must be none)."""
