INSERT INTO {outbox} (aggregate_type, aggregate_id, event_type, payload)
VALUES (%(aggregate_type)s, %(aggregate_id)s, %(event_type)s, %(payload)s)
RETURNING id, aggregate_type, aggregate_id, event_type, payload, occurred_at, published_at
