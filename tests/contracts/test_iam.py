"""Contract of schema iam: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft iam`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "iam.external_identities": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.inbox_processed_messages": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.outbox_events": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.permissions": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.role_permissions": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.roles": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.staff_profiles": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.user_roles": {"relkind": "table", "owner": "fleetdb_owner"},
        "iam.users": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "iam.external_identities.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.external_identities.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.external_identities.issuer": {"type": "text", "not_null": True},
        "iam.external_identities.subject": {"type": "text", "not_null": True},
        "iam.external_identities.user_id": {"type": "uuid", "not_null": True},
        "iam.inbox_processed_messages.consumer": {"type": "text", "not_null": True},
        "iam.inbox_processed_messages.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.inbox_processed_messages.message_id": {"type": "uuid", "not_null": True},
        "iam.inbox_processed_messages.processed_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.outbox_events.aggregate_id": {"type": "uuid", "not_null": True},
        "iam.outbox_events.aggregate_type": {"type": "text", "not_null": True},
        "iam.outbox_events.aggregate_version": {"type": "bigint"},
        "iam.outbox_events.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.outbox_events.event_type": {"type": "text", "not_null": True},
        "iam.outbox_events.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.outbox_events.occurred_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.outbox_events.payload": {"type": "jsonb", "not_null": True},
        "iam.outbox_events.published_at": {"type": "timestamp with time zone"},
        "iam.outbox_events.sequence_no": {"type": "bigint", "not_null": True, "identity": "a"},
        "iam.outbox_events.txid": {"type": "xid8", "not_null": True, "default": "pg_current_xact_id()"},
        "iam.outbox_events.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.permissions.code": {"type": "text", "not_null": True},
        "iam.permissions.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.permissions.description": {"type": "text", "not_null": True, "default": "''::text"},
        "iam.permissions.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.permissions.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.role_permissions.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.role_permissions.granted_by": {"type": "uuid"},
        "iam.role_permissions.permission_id": {"type": "uuid", "not_null": True},
        "iam.role_permissions.role_id": {"type": "uuid", "not_null": True},
        "iam.roles.code": {"type": "text", "not_null": True},
        "iam.roles.created_at": {"type": "timestamp with time zone", "not_null": True, "default": "now()"},
        "iam.roles.description": {"type": "text", "not_null": True, "default": "''::text"},
        "iam.roles.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.roles.name": {"type": "text", "not_null": True},
        "iam.roles.updated_at": {"type": "timestamp with time zone", "not_null": True, "default": "now()"},
        "iam.staff_profiles.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.staff_profiles.employee_number": {"type": "text", "not_null": True},
        "iam.staff_profiles.home_location_id": {"type": "uuid", "not_null": True},
        "iam.staff_profiles.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.staff_profiles.job_title": {"type": "text", "not_null": True, "default": "''::text"},
        "iam.staff_profiles.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.staff_profiles.user_id": {"type": "uuid", "not_null": True},
        "iam.user_roles.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "iam.user_roles.granted_by": {"type": "uuid"},
        "iam.user_roles.role_id": {"type": "uuid", "not_null": True},
        "iam.user_roles.user_id": {"type": "uuid", "not_null": True},
        "iam.users.created_at": {"type": "timestamp with time zone", "not_null": True, "default": "now()"},
        "iam.users.display_name": {"type": "text", "not_null": True},
        "iam.users.email": {"type": "text", "not_null": True},
        "iam.users.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "iam.users.status": {"type": "text", "not_null": True, "default": "'active'::text"},
        "iam.users.updated_at": {"type": "timestamp with time zone", "not_null": True, "default": "now()"},
    },
    "constraint": {
        "iam.external_identities.external_identities_issuer_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((issuer ~ '^[!-~]+$'::text))",
        },
        "iam.external_identities.external_identities_issuer_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(issuer) <= 255))",
        },
        "iam.external_identities.external_identities_issuer_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(issuer) <> ''::text))",
        },
        "iam.external_identities.external_identities_issuer_subject_uq": {
            "type": "unique",
            "definition": "UNIQUE (issuer, subject)",
        },
        "iam.external_identities.external_identities_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
        "iam.external_identities.external_identities_subject_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((subject ~ '^[!-~]+$'::text))",
        },
        "iam.external_identities.external_identities_subject_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(subject) <= 255))",
        },
        "iam.external_identities.external_identities_subject_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(subject) <> ''::text))",
        },
        "iam.external_identities.external_identities_user_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (user_id) REFERENCES iam.users(id)",
        },
        ("iam.inbox_processed_messages.inbox_processed_messages_consumer_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'::text))",
        },
        "iam.inbox_processed_messages.inbox_processed_messages_consumer_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(consumer) <= 128))",
        },
        ("iam.inbox_processed_messages.inbox_processed_messages_consumer_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(consumer) <> ''::text))",
        },
        "iam.inbox_processed_messages.inbox_processed_messages_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (consumer, message_id)",
        },
        "iam.outbox_events.outbox_events_aggregate_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((aggregate_type ~ '^[a-z][a-z_]*$'::text))",
        },
        "iam.outbox_events.outbox_events_aggregate_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(aggregate_type) <= 64))",
        },
        "iam.outbox_events.outbox_events_event_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((event_type ~ '^[a-z][a-z_]*\\.[a-z][a-z_]*$'::text))",
        },
        "iam.outbox_events.outbox_events_event_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(event_type) <= 128))",
        },
        "iam.outbox_events.outbox_events_payload_object_ck": {
            "type": "check",
            "definition": "CHECK ((jsonb_typeof(payload) = 'object'::text))",
        },
        "iam.outbox_events.outbox_events_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "iam.permissions.permissions_code_format_ck": {
            "type": "check",
            "definition": "CHECK ((code ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'::text))",
        },
        "iam.permissions.permissions_code_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(code) <= 128))",
        },
        "iam.permissions.permissions_code_uq": {"type": "unique", "definition": "UNIQUE (code)"},
        "iam.permissions.permissions_description_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(description) <= 500))",
        },
        "iam.permissions.permissions_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "iam.role_permissions.role_permissions_granted_by_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (granted_by) REFERENCES iam.users(id)",
        },
        "iam.role_permissions.role_permissions_permission_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (permission_id) REFERENCES iam.permissions(id)",
        },
        "iam.role_permissions.role_permissions_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (role_id, permission_id)",
        },
        "iam.role_permissions.role_permissions_role_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (role_id) REFERENCES iam.roles(id) ON DELETE CASCADE",
        },
        "iam.roles.roles_code_format_ck": {
            "type": "check",
            "definition": "CHECK ((code ~ '^[a-z][a-z0-9_]*$'::text))",
        },
        "iam.roles.roles_code_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(code) <= 64))",
        },
        "iam.roles.roles_code_uq": {"type": "unique", "definition": "UNIQUE (code)"},
        "iam.roles.roles_description_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(description) <= 500))",
        },
        "iam.roles.roles_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(name) <= 100))",
        },
        "iam.roles.roles_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "iam.staff_profiles.staff_profiles_employee_number_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((employee_number ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'::text))",
        },
        "iam.staff_profiles.staff_profiles_employee_number_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(employee_number) <= 20))",
        },
        "iam.staff_profiles.staff_profiles_employee_number_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(employee_number) <> ''::text))",
        },
        "iam.staff_profiles.staff_profiles_employee_number_uq": {
            "type": "unique",
            "definition": "UNIQUE (employee_number)",
        },
        "iam.staff_profiles.staff_profiles_home_location_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (home_location_id) REFERENCES rental.locations(id)",
        },
        "iam.staff_profiles.staff_profiles_job_title_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(job_title) <= 100))",
        },
        "iam.staff_profiles.staff_profiles_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "iam.staff_profiles.staff_profiles_user_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (user_id) REFERENCES iam.users(id)",
        },
        "iam.staff_profiles.staff_profiles_user_id_uq": {"type": "unique", "definition": "UNIQUE (user_id)"},
        "iam.user_roles.user_roles_granted_by_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (granted_by) REFERENCES iam.users(id)",
        },
        "iam.user_roles.user_roles_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (user_id, role_id)",
        },
        "iam.user_roles.user_roles_role_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (role_id) REFERENCES iam.roles(id)",
        },
        "iam.user_roles.user_roles_user_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (user_id) REFERENCES iam.users(id)",
        },
        "iam.users.users_display_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(display_name) <= 200))",
        },
        "iam.users.users_display_name_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(display_name) <> ''::text))",
        },
        "iam.users.users_email_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((email ~ '^[!-?A-~]+@[!-?A-~]+$'::text))",
        },
        "iam.users.users_email_format_ck": {
            "type": "check",
            "definition": "CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text))",
        },
        "iam.users.users_email_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(email) <= 254))",
        },
        "iam.users.users_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "iam.users.users_status_ck": {
            "type": "check",
            "definition": "CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text])))",
        },
    },
    "index": {
        "iam.external_identities_issuer_subject_uq": {
            "definition": (
                "CREATE UNIQUE INDEX external_identities_issuer_subject_uq ON iam.externa"
                "l_identities USING btree (issuer, subject)"
            ),
            "table": "iam.external_identities",
        },
        "iam.external_identities_pk": {
            "definition": (
                "CREATE UNIQUE INDEX external_identities_pk ON iam.external_identities USING btree (id)"
            ),
            "table": "iam.external_identities",
        },
        "iam.external_identities_user_id_idx": {
            "definition": (
                "CREATE INDEX external_identities_user_id_idx ON iam.external_identities "
                "USING btree (user_id)"
            ),
            "table": "iam.external_identities",
        },
        "iam.inbox_processed_messages_pk": {
            "definition": (
                "CREATE UNIQUE INDEX inbox_processed_messages_pk ON iam.inbox_processed_m"
                "essages USING btree (consumer, message_id)"
            ),
            "table": "iam.inbox_processed_messages",
        },
        "iam.outbox_events_aggregate_version_uq": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_aggregate_version_uq ON iam.outbox_eve"
                "nts USING btree (aggregate_type, aggregate_id, aggregate_version)"
            ),
            "table": "iam.outbox_events",
        },
        "iam.outbox_events_pk": {
            "definition": ("CREATE UNIQUE INDEX outbox_events_pk ON iam.outbox_events USING btree (id)"),
            "table": "iam.outbox_events",
        },
        "iam.outbox_events_unpublished_aggregate_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_aggregate_idx ON iam.outbox_event"
                "s USING btree (aggregate_type, aggregate_id, COALESCE(aggregate_version,"
                " (0)::bigint), txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "iam.outbox_events",
        },
        "iam.outbox_events_unpublished_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_idx ON iam.outbox_events USING bt"
                "ree (txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "iam.outbox_events",
        },
        "iam.permissions_code_uq": {
            "definition": ("CREATE UNIQUE INDEX permissions_code_uq ON iam.permissions USING btree (code)"),
            "table": "iam.permissions",
        },
        "iam.permissions_pk": {
            "definition": "CREATE UNIQUE INDEX permissions_pk ON iam.permissions USING btree (id)",
            "table": "iam.permissions",
        },
        "iam.role_permissions_granted_by_idx": {
            "definition": (
                "CREATE INDEX role_permissions_granted_by_idx ON iam.role_permissions USI"
                "NG btree (granted_by)"
            ),
            "table": "iam.role_permissions",
        },
        "iam.role_permissions_permission_id_idx": {
            "definition": (
                "CREATE INDEX role_permissions_permission_id_idx ON iam.role_permissions "
                "USING btree (permission_id)"
            ),
            "table": "iam.role_permissions",
        },
        "iam.role_permissions_pk": {
            "definition": (
                "CREATE UNIQUE INDEX role_permissions_pk ON iam.role_permissions USING bt"
                "ree (role_id, permission_id)"
            ),
            "table": "iam.role_permissions",
        },
        "iam.roles_code_uq": {
            "definition": "CREATE UNIQUE INDEX roles_code_uq ON iam.roles USING btree (code)",
            "table": "iam.roles",
        },
        "iam.roles_pk": {
            "definition": "CREATE UNIQUE INDEX roles_pk ON iam.roles USING btree (id)",
            "table": "iam.roles",
        },
        "iam.staff_profiles_employee_number_uq": {
            "definition": (
                "CREATE UNIQUE INDEX staff_profiles_employee_number_uq ON iam.staff_profi"
                "les USING btree (employee_number)"
            ),
            "table": "iam.staff_profiles",
        },
        "iam.staff_profiles_home_location_id_idx": {
            "definition": (
                "CREATE INDEX staff_profiles_home_location_id_idx ON iam.staff_profiles U"
                "SING btree (home_location_id)"
            ),
            "table": "iam.staff_profiles",
        },
        "iam.staff_profiles_pk": {
            "definition": ("CREATE UNIQUE INDEX staff_profiles_pk ON iam.staff_profiles USING btree (id)"),
            "table": "iam.staff_profiles",
        },
        "iam.staff_profiles_user_id_uq": {
            "definition": (
                "CREATE UNIQUE INDEX staff_profiles_user_id_uq ON iam.staff_profiles USING btree (user_id)"
            ),
            "table": "iam.staff_profiles",
        },
        "iam.user_roles_granted_by_idx": {
            "definition": (
                "CREATE INDEX user_roles_granted_by_idx ON iam.user_roles USING btree (granted_by)"
            ),
            "table": "iam.user_roles",
        },
        "iam.user_roles_pk": {
            "definition": (
                "CREATE UNIQUE INDEX user_roles_pk ON iam.user_roles USING btree (user_id, role_id)"
            ),
            "table": "iam.user_roles",
        },
        "iam.user_roles_role_id_idx": {
            "definition": ("CREATE INDEX user_roles_role_id_idx ON iam.user_roles USING btree (role_id)"),
            "table": "iam.user_roles",
        },
        "iam.users_email_lower_uq": {
            "definition": (
                "CREATE UNIQUE INDEX users_email_lower_uq ON iam.users USING btree (lower(email))"
            ),
            "table": "iam.users",
        },
        "iam.users_pk": {
            "definition": "CREATE UNIQUE INDEX users_pk ON iam.users USING btree (id)",
            "table": "iam.users",
        },
    },
    "sequence": {
        "iam.outbox_events_sequence_no_seq": {
            "type": "bigint",
            "start": 1,
            "increment": 1,
            "min": 1,
            "max": 9223372036854775807,
            "cache": 1,
            "owned_by": "iam.outbox_events.sequence_no",
            "owner": "fleetdb_owner",
        },
    },
    "trigger": {
        "iam.outbox_events.outbox_events_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON iam.o"
                "utbox_events FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "iam.permissions.permissions_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER permissions_touch_updated_at_trg BEFORE UPDATE ON iam.per"
                "missions FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "iam.roles.roles_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER roles_touch_updated_at_trg BEFORE UPDATE ON iam.roles FOR"
                " EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "iam.staff_profiles.staff_profiles_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER staff_profiles_touch_updated_at_trg BEFORE UPDATE ON iam."
                "staff_profiles FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "iam.users.users_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER users_touch_updated_at_trg BEFORE UPDATE ON iam.users FOR"
                " EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        "schema iam": ["USAGE"],
        "table iam.external_identities": ["DELETE", "INSERT", "SELECT"],
        "table iam.inbox_processed_messages": ["INSERT", "SELECT"],
        "table iam.outbox_events": ["SELECT"],
        "table iam.permissions": ["SELECT"],
        "table iam.role_permissions": ["DELETE", "INSERT", "SELECT"],
        "table iam.roles": ["SELECT"],
        "table iam.staff_profiles": ["INSERT", "SELECT", "UPDATE"],
        "table iam.user_roles": ["DELETE", "INSERT", "SELECT"],
        "table iam.users": ["INSERT", "SELECT", "UPDATE"],
    },
    "fleetdb_owner": {
        "schema iam": ["CREATE", "USAGE"],
        "sequence iam.outbox_events_sequence_no_seq": ["SELECT", "UPDATE", "USAGE"],
        "table iam.external_identities": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.inbox_processed_messages": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.outbox_events": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.permissions": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.role_permissions": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.roles": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
        "table iam.staff_profiles": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table iam.user_roles": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
        "table iam.users": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
    },
    "fleetdb_readonly": {
        "schema iam": ["USAGE"],
        "table iam.external_identities": ["SELECT"],
        "table iam.inbox_processed_messages": ["SELECT"],
        "table iam.outbox_events": ["SELECT"],
        "table iam.permissions": ["SELECT"],
        "table iam.role_permissions": ["SELECT"],
        "table iam.roles": ["SELECT"],
        "table iam.staff_profiles": ["SELECT"],
        "table iam.user_roles": ["SELECT"],
        "table iam.users": ["SELECT"],
    },
    "fleetdb_relay": {
        "column iam.outbox_events.published_at": ["UPDATE"],
        "schema iam": ["USAGE"],
        "table iam.outbox_events": ["SELECT"],
    },
    "public": {},
}
CONTRACT = SchemaContract("iam", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_iam_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
