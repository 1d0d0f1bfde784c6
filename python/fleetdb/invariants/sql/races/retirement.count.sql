-- Every round's vehicle (plate RT-<round>) ends retired or with exactly one live booking.
SELECT (SELECT count(*) FROM rental.rentals AS r JOIN fleet.vehicles AS v ON v.id = r.vehicle_id
        WHERE v.plate LIKE 'RT-%%' AND r.status IN ('reserved', 'active'))
     + (SELECT count(*) FROM fleet.vehicles WHERE plate LIKE 'RT-%%' AND status = 'retired')
