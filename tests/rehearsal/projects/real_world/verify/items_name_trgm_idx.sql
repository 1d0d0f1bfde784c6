-- Verify warehouse:items_name_trgm_idx
SELECT 1 / count(*) FROM pg_index
WHERE indexrelid = to_regclass(format('%I.items_name_trgm_idx', :'schema')) AND indisvalid;
