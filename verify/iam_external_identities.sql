-- Verify fleetdb:iam_external_identities on pg

BEGIN;

SELECT shared.assert_table('iam.external_identities', ARRAY[
    'id uuid', 'user_id uuid', 'issuer text', 'subject text', 'created_at timestamp with time zone']);
SELECT shared.assert_constraints('iam.external_identities', ARRAY[
    'external_identities_pk', 'external_identities_user_fk', 'external_identities_issuer_subject_uq',
    'external_identities_issuer_not_blank_ck', 'external_identities_subject_not_blank_ck']);
SELECT shared.assert_indexes('iam.external_identities', ARRAY['external_identities_user_id_idx']);
SELECT shared.assert_grants('iam.external_identities', 'fleetdb_app', 'SELECT,INSERT,DELETE');
SELECT shared.assert_grants('iam.external_identities', 'fleetdb_readonly', 'SELECT');

ROLLBACK;
