UPDATE {outbox}
SET published_at = now()
WHERE id = ANY(%(event_ids)s::uuid[])
  AND published_at IS NULL
