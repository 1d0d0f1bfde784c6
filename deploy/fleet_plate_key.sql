-- Deploy fleetdb:fleet_plate_key to pg
-- requires: fleet_text_rules
-- requires: shared_check_rollout

-- FLEET-PLATE-UNIQUE on the plate without its separators: 'M-AB 1', 'M-AB1' and 'MAB 1' are one plate
-- to a camera at the branch gate, a toll or a parking fine, so only one vehicle in service may carry
-- them. vehicles_plate_in_service_uq keeps its name (clients map errors by it; the v1.0 verify checks
-- it) and changes its key from (plate_jurisdiction, plate) to (plate_jurisdiction, plate without
-- spaces and hyphens). Not one transaction: CREATE and DROP INDEX CONCURRENTLY cannot run in one.
-- No lock taken here blocks reads or writes (SHARE UPDATE EXCLUSIVE at most), so no lock_timeout.
-- Deploying again after an interruption is safe: every step checks what is already there.

-- Vehicles in service whose plates collide without separators stop the deploy here (named).
SET client_min_messages = warning;  -- no NOTICE for the IF EXISTS that finds nothing

CALL shared.refuse_rows(
    'plate(s) in service are carried by several vehicles once spaces and hyphens are removed',
    $$SELECT 'vehicles_plate_in_service_uq',
             format('%s %s: vehicles %s with plates %s', plate_jurisdiction, plate_key,
                    array_agg(id ORDER BY id), array_agg(plate ORDER BY id))
      FROM (SELECT id, plate, plate_jurisdiction, translate(plate, ' -', '') AS plate_key
            FROM fleet.vehicles WHERE status <> 'retired') AS v
      GROUP BY plate_jurisdiction, plate_key HAVING count(*) > 1$$,
    'Retire or re-register all but one vehicle of each plate, then deploy again.');

-- An interrupted build leaves an invalid index behind; build it afresh.
DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_plate_key_in_service_uq;
CREATE UNIQUE INDEX CONCURRENTLY vehicles_plate_key_in_service_uq
    ON fleet.vehicles (plate_jurisdiction, translate(plate, ' -', '')) WHERE status <> 'retired';
DROP INDEX CONCURRENTLY IF EXISTS fleet.vehicles_plate_in_service_uq;
ALTER INDEX fleet.vehicles_plate_key_in_service_uq RENAME TO vehicles_plate_in_service_uq;

RESET client_min_messages;
