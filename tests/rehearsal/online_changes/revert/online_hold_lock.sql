-- Revert fleetdb:online_hold_lock from pg
BEGIN;
DROP TABLE fleet.online_hold_probe;
COMMIT;
