-- Verify fleetdb:accounting_post_entry on pg

BEGIN;

SELECT shared.assert_function('accounting.post_entry(text, text, date, char, text, jsonb, uuid)',
                              p_security_definer => true);

DO $$
BEGIN
    IF NOT has_function_privilege('fleetdb_app', 'accounting.post_entry(text, text, date, char, text, jsonb, uuid)',
                                  'EXECUTE') THEN
        RAISE EXCEPTION 'fleetdb_app cannot execute accounting.post_entry';
    END IF;
    IF has_function_privilege('fleetdb_readonly', 'accounting.post_entry(text, text, date, char, text, jsonb, uuid)',
                              'EXECUTE') THEN
        RAISE EXCEPTION 'fleetdb_readonly can execute accounting.post_entry';
    END IF;
END
$$;

ROLLBACK;
