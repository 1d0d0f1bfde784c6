-- The production image creates a monitoring login; the plan grants it read access.
CREATE ROLE warehouse_monitor LOGIN;
