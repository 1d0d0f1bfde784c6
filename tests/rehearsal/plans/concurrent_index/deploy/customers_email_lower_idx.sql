-- Deploy rehearsal_fixture:customers_email_lower_idx to pg
-- requires: customers
-- Not transactional: CREATE INDEX CONCURRENTLY cannot run inside BEGIN … COMMIT.

CREATE INDEX CONCURRENTLY customers_email_lower_idx ON app.customers (lower(email));
