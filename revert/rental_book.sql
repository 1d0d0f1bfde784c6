-- Revert fleetdb:rental_book from pg

BEGIN;

DROP FUNCTION rental.book(uuid, uuid, uuid, uuid, tstzrange, char);

COMMIT;
