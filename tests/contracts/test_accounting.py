"""Contract of schema accounting: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft accounting`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "accounting.accounts": {"relkind": "table", "owner": "fleetdb_owner"},
        "accounting.inbox_processed_messages": {"relkind": "table", "owner": "fleetdb_owner"},
        "accounting.journal_entries": {"relkind": "table", "owner": "fleetdb_owner"},
        "accounting.journal_lines": {"relkind": "table", "owner": "fleetdb_owner"},
        "accounting.outbox_events": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "accounting.accounts.code": {"type": "text", "not_null": True},
        "accounting.accounts.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.accounts.currency": {"type": "character(3)", "not_null": True},
        "accounting.accounts.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "accounting.accounts.name": {"type": "text", "not_null": True},
        "accounting.accounts.type": {"type": "text", "not_null": True},
        "accounting.accounts.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.inbox_processed_messages.consumer": {"type": "text", "not_null": True},
        "accounting.inbox_processed_messages.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.inbox_processed_messages.message_id": {"type": "uuid", "not_null": True},
        "accounting.inbox_processed_messages.processed_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.journal_entries.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.journal_entries.created_txid": {
            "type": "xid8",
            "not_null": True,
            "default": "pg_current_xact_id()",
        },
        "accounting.journal_entries.currency": {"type": "character(3)", "not_null": True},
        "accounting.journal_entries.description": {"type": "text", "not_null": True},
        "accounting.journal_entries.external_reference": {"type": "text", "not_null": True},
        "accounting.journal_entries.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "accounting.journal_entries.posting_date": {"type": "date", "not_null": True},
        "accounting.journal_entries.reverses_entry_id": {"type": "uuid"},
        "accounting.journal_entries.source": {"type": "text", "not_null": True},
        "accounting.journal_lines.account_id": {"type": "uuid", "not_null": True},
        "accounting.journal_lines.amount_minor": {"type": "bigint", "not_null": True},
        "accounting.journal_lines.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.journal_lines.currency": {"type": "character(3)", "not_null": True},
        "accounting.journal_lines.entry_id": {"type": "uuid", "not_null": True},
        "accounting.journal_lines.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "accounting.journal_lines.memo": {"type": "text", "not_null": True, "default": "''::text"},
        "accounting.journal_lines.posting_date": {"type": "date", "not_null": True},
        "accounting.outbox_events.aggregate_id": {"type": "uuid", "not_null": True},
        "accounting.outbox_events.aggregate_type": {"type": "text", "not_null": True},
        "accounting.outbox_events.aggregate_version": {"type": "bigint"},
        "accounting.outbox_events.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.outbox_events.event_type": {"type": "text", "not_null": True},
        "accounting.outbox_events.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "accounting.outbox_events.occurred_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "accounting.outbox_events.payload": {"type": "jsonb", "not_null": True},
        "accounting.outbox_events.published_at": {"type": "timestamp with time zone"},
        "accounting.outbox_events.sequence_no": {"type": "bigint", "not_null": True, "identity": "a"},
        "accounting.outbox_events.txid": {
            "type": "xid8",
            "not_null": True,
            "default": "pg_current_xact_id()",
        },
        "accounting.outbox_events.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
    },
    "constraint": {
        "accounting.accounts.accounts_code_format_ck": {
            "type": "check",
            "definition": "CHECK ((code ~ '^[0-9A-Z][0-9A-Z.-]*$'::text))",
        },
        "accounting.accounts.accounts_code_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(code) <= 32))",
        },
        "accounting.accounts.accounts_code_uq": {"type": "unique", "definition": "UNIQUE (code)"},
        "accounting.accounts.accounts_currency_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (currency) REFERENCES shared.currencies(code)",
        },
        "accounting.accounts.accounts_id_currency_uq": {
            "type": "unique",
            "definition": "UNIQUE (id, currency)",
        },
        "accounting.accounts.accounts_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(name) <= 200))",
        },
        "accounting.accounts.accounts_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "accounting.accounts.accounts_type_ck": {
            "type": "check",
            "definition": (
                "CHECK ((type = ANY (ARRAY['asset'::text, 'liability'::text, 'equity'::te"
                "xt, 'revenue'::text, 'expense'::text])))"
            ),
        },
        ("accounting.inbox_processed_messages.inbox_processed_messages_consumer_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'::text))",
        },
        ("accounting.inbox_processed_messages.inbox_processed_messages_consumer_length_ck"): {
            "type": "check",
            "definition": "CHECK ((char_length(consumer) <= 128))",
        },
        ("accounting.inbox_processed_messages.inbox_processed_messages_consumer_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(consumer) <> ''::text))",
        },
        "accounting.inbox_processed_messages.inbox_processed_messages_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (consumer, message_id)",
        },
        "accounting.journal_entries.journal_entries_balanced_trg": {
            "type": "trigger",
            "definition": "TRIGGER DEFERRABLE INITIALLY DEFERRED",
            "deferrable": True,
            "initially_deferred": True,
        },
        "accounting.journal_entries.journal_entries_currency_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (currency) REFERENCES shared.currencies(code)",
        },
        "accounting.journal_entries.journal_entries_description_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(description) <= 500))",
        },
        ("accounting.journal_entries.journal_entries_external_reference_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((external_reference ~ '^[!-~]+$'::text))",
        },
        "accounting.journal_entries.journal_entries_external_reference_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(external_reference) <= 255))",
        },
        ("accounting.journal_entries.journal_entries_external_reference_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(external_reference) <> ''::text))",
        },
        "accounting.journal_entries.journal_entries_id_currency_date_uq": {
            "type": "unique",
            "definition": "UNIQUE (id, currency, posting_date)",
        },
        "accounting.journal_entries.journal_entries_id_currency_uq": {
            "type": "unique",
            "definition": "UNIQUE (id, currency)",
        },
        "accounting.journal_entries.journal_entries_not_self_reversal_ck": {
            "type": "check",
            "definition": "CHECK ((reverses_entry_id <> id))",
        },
        "accounting.journal_entries.journal_entries_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
        "accounting.journal_entries.journal_entries_reverses_fk": {
            "type": "foreign key",
            "definition": (
                "FOREIGN KEY (reverses_entry_id, currency) REFERENCES accounting.journal_"
                "entries(id, currency)"
            ),
        },
        "accounting.journal_entries.journal_entries_reverses_once_uq": {
            "type": "unique",
            "definition": "UNIQUE (reverses_entry_id, currency)",
        },
        "accounting.journal_entries.journal_entries_source_ck": {
            "type": "check",
            "definition": (
                "CHECK ((source = ANY (ARRAY['iam'::text, 'fleet'::text, 'rental'::text, "
                "'maintenance'::text, 'accounting'::text])))"
            ),
        },
        "accounting.journal_entries.journal_entries_source_reference_uq": {
            "type": "unique",
            "definition": "UNIQUE (source, external_reference)",
        },
        "accounting.journal_lines.journal_lines_account_fk": {
            "type": "foreign key",
            "definition": ("FOREIGN KEY (account_id, currency) REFERENCES accounting.accounts(id, currency)"),
        },
        "accounting.journal_lines.journal_lines_amount_nonzero_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor <> 0))",
        },
        "accounting.journal_lines.journal_lines_amount_range_ck": {
            "type": "check",
            "definition": (
                "CHECK (((amount_minor >= '-1000000000000'::bigint) AND (amount_minor <= "
                "'1000000000000'::bigint)))"
            ),
        },
        "accounting.journal_lines.journal_lines_balanced_trg": {
            "type": "trigger",
            "definition": "TRIGGER DEFERRABLE INITIALLY DEFERRED",
            "deferrable": True,
            "initially_deferred": True,
        },
        "accounting.journal_lines.journal_lines_entry_fk": {
            "type": "foreign key",
            "definition": (
                "FOREIGN KEY (entry_id, currency, posting_date) REFERENCES accounting.jou"
                "rnal_entries(id, currency, posting_date)"
            ),
        },
        "accounting.journal_lines.journal_lines_memo_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(memo) <= 500))",
        },
        "accounting.journal_lines.journal_lines_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
        "accounting.outbox_events.outbox_events_aggregate_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((aggregate_type ~ '^[a-z][a-z_]*$'::text))",
        },
        "accounting.outbox_events.outbox_events_aggregate_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(aggregate_type) <= 64))",
        },
        "accounting.outbox_events.outbox_events_event_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((event_type ~ '^[a-z][a-z_]*\\.[a-z][a-z_]*$'::text))",
        },
        "accounting.outbox_events.outbox_events_event_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(event_type) <= 128))",
        },
        "accounting.outbox_events.outbox_events_payload_object_ck": {
            "type": "check",
            "definition": "CHECK ((jsonb_typeof(payload) = 'object'::text))",
        },
        "accounting.outbox_events.outbox_events_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
    },
    "index": {
        "accounting.accounts_code_uq": {
            "definition": ("CREATE UNIQUE INDEX accounts_code_uq ON accounting.accounts USING btree (code)"),
            "table": "accounting.accounts",
        },
        "accounting.accounts_currency_idx": {
            "definition": (
                "CREATE INDEX accounts_currency_idx ON accounting.accounts USING btree (currency)"
            ),
            "table": "accounting.accounts",
        },
        "accounting.accounts_id_currency_uq": {
            "definition": (
                "CREATE UNIQUE INDEX accounts_id_currency_uq ON accounting.accounts USING"
                " btree (id, currency)"
            ),
            "table": "accounting.accounts",
        },
        "accounting.accounts_pk": {
            "definition": "CREATE UNIQUE INDEX accounts_pk ON accounting.accounts USING btree (id)",
            "table": "accounting.accounts",
        },
        "accounting.inbox_processed_messages_pk": {
            "definition": (
                "CREATE UNIQUE INDEX inbox_processed_messages_pk ON accounting.inbox_proc"
                "essed_messages USING btree (consumer, message_id)"
            ),
            "table": "accounting.inbox_processed_messages",
        },
        "accounting.journal_entries_currency_idx": {
            "definition": (
                "CREATE INDEX journal_entries_currency_idx ON accounting.journal_entries "
                "USING btree (currency)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_id_currency_date_uq": {
            "definition": (
                "CREATE UNIQUE INDEX journal_entries_id_currency_date_uq ON accounting.jo"
                "urnal_entries USING btree (id, currency, posting_date)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_id_currency_uq": {
            "definition": (
                "CREATE UNIQUE INDEX journal_entries_id_currency_uq ON accounting.journal"
                "_entries USING btree (id, currency)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_pk": {
            "definition": (
                "CREATE UNIQUE INDEX journal_entries_pk ON accounting.journal_entries USING btree (id)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_posting_date_idx": {
            "definition": (
                "CREATE INDEX journal_entries_posting_date_idx ON accounting.journal_entr"
                "ies USING btree (posting_date)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_reverses_once_uq": {
            "definition": (
                "CREATE UNIQUE INDEX journal_entries_reverses_once_uq ON accounting.journ"
                "al_entries USING btree (reverses_entry_id, currency)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_entries_source_reference_uq": {
            "definition": (
                "CREATE UNIQUE INDEX journal_entries_source_reference_uq ON accounting.jo"
                "urnal_entries USING btree (source, external_reference)"
            ),
            "table": "accounting.journal_entries",
        },
        "accounting.journal_lines_account_id_posting_date_idx": {
            "definition": (
                "CREATE INDEX journal_lines_account_id_posting_date_idx ON accounting.jou"
                "rnal_lines USING btree (account_id, currency, posting_date) INCLUDE (amo"
                "unt_minor)"
            ),
            "table": "accounting.journal_lines",
        },
        "accounting.journal_lines_entry_id_idx": {
            "definition": (
                "CREATE INDEX journal_lines_entry_id_idx ON accounting.journal_lines USIN"
                "G btree (entry_id, currency, posting_date)"
            ),
            "table": "accounting.journal_lines",
        },
        "accounting.journal_lines_pk": {
            "definition": (
                "CREATE UNIQUE INDEX journal_lines_pk ON accounting.journal_lines USING btree (id)"
            ),
            "table": "accounting.journal_lines",
        },
        "accounting.outbox_events_aggregate_version_uq": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_aggregate_version_uq ON accounting.out"
                "box_events USING btree (aggregate_type, aggregate_id, aggregate_version)"
            ),
            "table": "accounting.outbox_events",
        },
        "accounting.outbox_events_pk": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_pk ON accounting.outbox_events USING btree (id)"
            ),
            "table": "accounting.outbox_events",
        },
        "accounting.outbox_events_unpublished_aggregate_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_aggregate_idx ON accounting.outbo"
                "x_events USING btree (aggregate_type, aggregate_id, COALESCE(aggregate_v"
                "ersion, (0)::bigint), txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "accounting.outbox_events",
        },
        "accounting.outbox_events_unpublished_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_idx ON accounting.outbox_events U"
                "SING btree (txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "accounting.outbox_events",
        },
    },
    "sequence": {
        "accounting.outbox_events_sequence_no_seq": {
            "type": "bigint",
            "start": 1,
            "increment": 1,
            "min": 1,
            "max": 9223372036854775807,
            "cache": 1,
            "owned_by": "accounting.outbox_events.sequence_no",
            "owner": "fleetdb_owner",
        },
    },
    "trigger": {
        "accounting.accounts.accounts_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER accounts_touch_updated_at_trg BEFORE UPDATE ON accounting"
                ".accounts FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "accounting.journal_entries.journal_entries_append_only_trg": {
            "definition": (
                "CREATE TRIGGER journal_entries_append_only_trg BEFORE DELETE OR UPDATE O"
                "N accounting.journal_entries FOR EACH ROW EXECUTE FUNCTION shared.reject"
                "_mutation()"
            )
        },
        "accounting.journal_entries.journal_entries_balanced_trg": {
            "definition": (
                "CREATE CONSTRAINT TRIGGER journal_entries_balanced_trg AFTER INSERT ON a"
                "ccounting.journal_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXE"
                "CUTE FUNCTION accounting.journal_entries_check_balanced()"
            )
        },
        "accounting.journal_entries.journal_entries_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER journal_entries_no_truncate_trg BEFORE TRUNCATE ON accoun"
                "ting.journal_entries FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_m"
                "utation()"
            )
        },
        "accounting.journal_entries.journal_entries_outbox_trg": {
            "definition": (
                "CREATE TRIGGER journal_entries_outbox_trg AFTER INSERT ON accounting.jou"
                "rnal_entries FOR EACH ROW EXECUTE FUNCTION accounting.journal_entries_pu"
                "blish()"
            )
        },
        "accounting.journal_entries.journal_entries_stamp_txid_trg": {
            "definition": (
                "CREATE TRIGGER journal_entries_stamp_txid_trg BEFORE INSERT ON accountin"
                "g.journal_entries FOR EACH ROW EXECUTE FUNCTION accounting.journal_entri"
                "es_stamp_txid()"
            )
        },
        "accounting.journal_lines.journal_lines_append_only_trg": {
            "definition": (
                "CREATE TRIGGER journal_lines_append_only_trg BEFORE DELETE OR UPDATE ON "
                "accounting.journal_lines FOR EACH ROW EXECUTE FUNCTION shared.reject_mut"
                "ation()"
            )
        },
        "accounting.journal_lines.journal_lines_balanced_trg": {
            "definition": (
                "CREATE CONSTRAINT TRIGGER journal_lines_balanced_trg AFTER INSERT ON acc"
                "ounting.journal_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE"
                " FUNCTION accounting.journal_entries_check_balanced()"
            )
        },
        "accounting.journal_lines.journal_lines_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER journal_lines_no_truncate_trg BEFORE TRUNCATE ON accounti"
                "ng.journal_lines FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutat"
                "ion()"
            )
        },
        "accounting.journal_lines.journal_lines_same_transaction_trg": {
            "definition": (
                "CREATE TRIGGER journal_lines_same_transaction_trg BEFORE INSERT ON accou"
                "nting.journal_lines FOR EACH ROW EXECUTE FUNCTION accounting.journal_lin"
                "es_check_same_transaction()"
            )
        },
        "accounting.outbox_events.outbox_events_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON accou"
                "nting.outbox_events FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_a"
                "t()"
            )
        },
    },
    "function": {
        "accounting.journal_entries_check_balanced()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "journal_entries_check_balanced",
        },
        "accounting.journal_entries_publish()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "journal_entries_publish",
        },
        "accounting.journal_entries_stamp_txid()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "journal_entries_stamp_txid",
        },
        "accounting.journal_lines_check_same_transaction()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "journal_lines_check_same_transaction",
        },
        (
            "accounting.post_entry(p_source text, p_external_reference text, p_postin"
            "g_date date, p_currency character, p_description text, p_lines jsonb, p_"
            "reverses_entry_id uuid)"
        ): {
            "arguments": (
                "p_source text, p_external_reference text, p_posting_date date, p_currenc"
                "y character, p_description text, p_lines jsonb, p_reverses_entry_id uuid"
                " DEFAULT NULL::uuid"
            ),
            "returns": "uuid",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "post_entry",
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        ("function accounting.post_entry(text, text, date, character, text, jsonb, uuid)"): ["EXECUTE"],
        "schema accounting": ["USAGE"],
        "table accounting.accounts": ["SELECT"],
        "table accounting.inbox_processed_messages": ["INSERT", "SELECT"],
        "table accounting.journal_entries": ["SELECT"],
        "table accounting.journal_lines": ["SELECT"],
        "table accounting.outbox_events": ["SELECT"],
    },
    "fleetdb_owner": {
        "function accounting.journal_entries_check_balanced()": ["EXECUTE"],
        "function accounting.journal_entries_publish()": ["EXECUTE"],
        "function accounting.journal_entries_stamp_txid()": ["EXECUTE"],
        "function accounting.journal_lines_check_same_transaction()": ["EXECUTE"],
        ("function accounting.post_entry(text, text, date, character, text, jsonb, uuid)"): ["EXECUTE"],
        "schema accounting": ["CREATE", "USAGE"],
        "sequence accounting.outbox_events_sequence_no_seq": ["SELECT", "UPDATE", "USAGE"],
        "table accounting.accounts": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table accounting.inbox_processed_messages": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table accounting.journal_entries": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table accounting.journal_lines": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table accounting.outbox_events": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
    },
    "fleetdb_readonly": {
        "schema accounting": ["USAGE"],
        "table accounting.accounts": ["SELECT"],
        "table accounting.inbox_processed_messages": ["SELECT"],
        "table accounting.journal_entries": ["SELECT"],
        "table accounting.journal_lines": ["SELECT"],
        "table accounting.outbox_events": ["SELECT"],
    },
    "fleetdb_relay": {
        "column accounting.outbox_events.published_at": ["UPDATE"],
        "schema accounting": ["USAGE"],
        "table accounting.outbox_events": ["SELECT"],
    },
    "public": {},
}
CONTRACT = SchemaContract("accounting", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_accounting_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
