-- Everything a database holds that initdb did not put there: one row per object someone created, named
-- as pg_identify_object names it (kind 'table', identity 'app.customers'). A rehearsal target must show
-- none to be called empty.
-- * initdb's objects have OIDs below FirstNormalObjectId (16384); every object created later has one above.
-- * Every catalog of this database that holds objects of their own is read here (a test lists the
--   catalogs of the server and fails on one that is neither read here nor part of another object).
-- * An object that is part of another (an index, a table's row type or TOAST table, an identity
--   sequence, a trigger, a constraint, a view's rule) or a member of an extension is not listed: that
--   other object, or the extension, is (pg_depend: internal 'i', automatic 'a', extension 'e').
-- * Roles, tablespaces and databases are the cluster's, not this database's; temporary objects are
--   a session's. Settings, comments and privileges on built-in objects are not objects.
WITH candidates (classid, objid) AS (
    SELECT 'pg_namespace'::regclass, oid FROM pg_namespace
    WHERE nspname <> 'public' AND nspname !~ '^pg_(toast_)?temp_'
    UNION ALL
    SELECT 'pg_class'::regclass, oid FROM pg_class WHERE relkind NOT IN ('i', 'I', 't') AND relpersistence <> 't'
    UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc
    UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type
    UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator
    UNION ALL SELECT 'pg_opclass'::regclass, oid FROM pg_opclass
    UNION ALL SELECT 'pg_opfamily'::regclass, oid FROM pg_opfamily
    UNION ALL SELECT 'pg_am'::regclass, oid FROM pg_am
    UNION ALL SELECT 'pg_cast'::regclass, oid FROM pg_cast
    UNION ALL SELECT 'pg_collation'::regclass, oid FROM pg_collation
    UNION ALL SELECT 'pg_conversion'::regclass, oid FROM pg_conversion
    UNION ALL SELECT 'pg_language'::regclass, oid FROM pg_language
    UNION ALL SELECT 'pg_transform'::regclass, oid FROM pg_transform
    UNION ALL SELECT 'pg_ts_config'::regclass, oid FROM pg_ts_config
    UNION ALL SELECT 'pg_ts_dict'::regclass, oid FROM pg_ts_dict
    UNION ALL SELECT 'pg_ts_parser'::regclass, oid FROM pg_ts_parser
    UNION ALL SELECT 'pg_ts_template'::regclass, oid FROM pg_ts_template
    UNION ALL SELECT 'pg_extension'::regclass, oid FROM pg_extension
    UNION ALL SELECT 'pg_event_trigger'::regclass, oid FROM pg_event_trigger
    UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid FROM pg_foreign_data_wrapper
    UNION ALL SELECT 'pg_foreign_server'::regclass, oid FROM pg_foreign_server
    UNION ALL SELECT 'pg_user_mapping'::regclass, oid FROM pg_user_mapping
    UNION ALL SELECT 'pg_publication'::regclass, oid FROM pg_publication
    UNION ALL
    SELECT 'pg_subscription'::regclass, oid FROM pg_subscription
    WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL SELECT 'pg_default_acl'::regclass, oid FROM pg_default_acl
    UNION ALL SELECT 'pg_statistic_ext'::regclass, oid FROM pg_statistic_ext
    -- Large objects are identified through pg_largeobject, their metadata row holds the OID.
    UNION ALL SELECT 'pg_largeobject'::regclass, oid FROM pg_largeobject_metadata
)
SELECT o.type AS kind, o.identity
FROM candidates AS c
CROSS JOIN LATERAL pg_identify_object(c.classid, c.objid, 0) AS o
WHERE c.objid >= 16384
  AND NOT EXISTS (SELECT FROM pg_depend AS d
                  WHERE d.classid = c.classid AND d.objid = c.objid AND d.deptype IN ('e', 'i', 'a'))
ORDER BY o.type, o.identity
