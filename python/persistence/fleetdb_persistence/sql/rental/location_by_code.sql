-- A pick-up or return location by its code (reference data the DBA loads as the owner).
SELECT id, code, name, address, time_zone
FROM rental.locations
WHERE code = %(code)s
