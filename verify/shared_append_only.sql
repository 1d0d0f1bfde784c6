-- Verify fleetdb:shared_append_only on pg

BEGIN;

SELECT shared.assert_function('shared.reject_mutation()');

DO $$
BEGIN
    IF (SELECT prorettype FROM pg_proc WHERE oid = 'shared.reject_mutation()'::regprocedure) <> 'trigger'::regtype THEN
        RAISE EXCEPTION 'shared.reject_mutation() is not a trigger function';
    END IF;
END
$$;

ROLLBACK;
