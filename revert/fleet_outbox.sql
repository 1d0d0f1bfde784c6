-- Revert fleetdb:fleet_outbox from pg

BEGIN;

DROP TRIGGER odometer_readings_outbox_trg ON fleet.odometer_readings;
DROP FUNCTION fleet.odometer_readings_publish();
DROP TABLE fleet.inbox_processed_messages;
DROP TABLE fleet.outbox_events;

COMMIT;
