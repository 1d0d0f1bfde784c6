-- Verify fleetdb:online_hold_lock on pg
BEGIN;
SELECT id FROM fleet.online_hold_probe WHERE false;
ROLLBACK;
