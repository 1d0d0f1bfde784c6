-- Revert fleetdb:rental_outbox from pg

BEGIN;

DROP TRIGGER rentals_outbox_trg ON rental.rentals;
DROP FUNCTION rental.rentals_publish();
DROP TABLE rental.inbox_processed_messages;
DROP TABLE rental.outbox_events;

COMMIT;
