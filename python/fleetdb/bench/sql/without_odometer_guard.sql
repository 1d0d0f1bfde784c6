-- The floor for odometer appends: the same table without the monotonic guard.
DROP TRIGGER odometer_readings_monotonic_trg ON fleet.odometer_readings;
