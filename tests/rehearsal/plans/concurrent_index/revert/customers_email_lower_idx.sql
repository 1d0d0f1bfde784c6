-- Revert rehearsal_fixture:customers_email_lower_idx from pg
-- Not transactional, like the deploy.

DROP INDEX CONCURRENTLY IF EXISTS app.customers_email_lower_idx;
