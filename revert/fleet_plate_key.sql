-- Revert fleetdb:fleet_plate_key from pg

-- Back to the v1.0 key (plate_jurisdiction, plate) under the same name. Not one transaction (CREATE
-- and DROP INDEX CONCURRENTLY). Plates unique without separators are unique with them: the build
-- cannot fail on duplicates.

SET client_min_messages = warning;  -- no NOTICE for the IF EXISTS that finds nothing

DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_plate_exact_in_service_uq;
CREATE UNIQUE INDEX CONCURRENTLY vehicles_plate_exact_in_service_uq
    ON fleet.vehicles (plate_jurisdiction, plate) WHERE status <> 'retired';
DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_plate_in_service_uq;
ALTER INDEX fleet.vehicles_plate_exact_in_service_uq RENAME TO vehicles_plate_in_service_uq;

RESET client_min_messages;
