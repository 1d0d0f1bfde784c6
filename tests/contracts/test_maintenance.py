"""Contract of schema maintenance: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft maintenance`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "maintenance.inbox_processed_messages": {"relkind": "table", "owner": "fleetdb_owner"},
        "maintenance.job_cost_totals": {"relkind": "table", "owner": "fleetdb_owner"},
        "maintenance.job_costs": {
            "relkind": "view",
            "owner": "fleetdb_owner",
            "view_definition": (
                " SELECT j.id AS job_id,\n"
                "    j.vehicle_id,\n"
                "    j.currency,\n"
                "    (COALESCE(p.parts_minor, (0)::numeric))::bigint AS parts_minor,\n"
                "    (COALESCE(l.labour_minor, (0)::numeric))::bigint AS labour_minor,\n"
                "    ((COALESCE(p.parts_minor, (0)::numeric) + COALESCE(l.labour_minor, ("
                "0)::numeric)))::bigint AS total_minor\n"
                "   FROM ((maintenance.jobs j\n"
                "     LEFT JOIN LATERAL ( SELECT sum(round((jp.quantity * (jp.unit_cost_m"
                "inor)::numeric))) AS parts_minor\n"
                "           FROM maintenance.job_parts jp\n"
                "          WHERE (jp.job_id = j.id)) p ON (true))\n"
                "     LEFT JOIN LATERAL ( SELECT sum(round((jl.hours * (jl.rate_minor)::n"
                "umeric))) AS labour_minor\n"
                "           FROM maintenance.job_labour jl\n"
                "          WHERE (jl.job_id = j.id)) l ON (true));"
            ),
        },
        "maintenance.job_labour": {"relkind": "table", "owner": "fleetdb_owner"},
        "maintenance.job_parts": {"relkind": "table", "owner": "fleetdb_owner"},
        "maintenance.jobs": {"relkind": "table", "owner": "fleetdb_owner"},
        "maintenance.outbox_events": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "maintenance.inbox_processed_messages.consumer": {"type": "text", "not_null": True},
        "maintenance.inbox_processed_messages.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.inbox_processed_messages.message_id": {"type": "uuid", "not_null": True},
        "maintenance.inbox_processed_messages.processed_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.job_cost_totals.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.job_cost_totals.job_id": {"type": "uuid", "not_null": True},
        "maintenance.job_cost_totals.labour_minor": {"type": "bigint", "not_null": True, "default": "0"},
        "maintenance.job_cost_totals.parts_minor": {"type": "bigint", "not_null": True, "default": "0"},
        "maintenance.job_costs.currency": {"type": "character(3)"},
        "maintenance.job_costs.job_id": {"type": "uuid"},
        "maintenance.job_costs.labour_minor": {"type": "bigint"},
        "maintenance.job_costs.parts_minor": {"type": "bigint"},
        "maintenance.job_costs.total_minor": {"type": "bigint"},
        "maintenance.job_costs.vehicle_id": {"type": "uuid"},
        "maintenance.job_labour.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.job_labour.currency": {"type": "character(3)", "not_null": True},
        "maintenance.job_labour.hours": {"type": "numeric(6,2)", "not_null": True},
        "maintenance.job_labour.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "maintenance.job_labour.job_id": {"type": "uuid", "not_null": True},
        "maintenance.job_labour.rate_minor": {"type": "bigint", "not_null": True},
        "maintenance.job_labour.technician": {"type": "text", "not_null": True},
        "maintenance.job_labour.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.job_parts.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.job_parts.currency": {"type": "character(3)", "not_null": True},
        "maintenance.job_parts.description": {"type": "text", "not_null": True, "default": "''::text"},
        "maintenance.job_parts.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "maintenance.job_parts.job_id": {"type": "uuid", "not_null": True},
        "maintenance.job_parts.part_number": {"type": "text", "not_null": True},
        "maintenance.job_parts.quantity": {"type": "numeric(10,3)", "not_null": True},
        "maintenance.job_parts.unit_cost_minor": {"type": "bigint", "not_null": True},
        "maintenance.job_parts.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.jobs.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.jobs.currency": {"type": "character(3)", "not_null": True},
        "maintenance.jobs.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "maintenance.jobs.kind": {"type": "text", "not_null": True},
        "maintenance.jobs.notes": {"type": "text", "not_null": True, "default": "''::text"},
        "maintenance.jobs.odometer_km": {"type": "numeric(9,1)"},
        "maintenance.jobs.scheduled_window": {"type": "tstzrange", "not_null": True},
        "maintenance.jobs.status": {"type": "text", "not_null": True, "default": "'scheduled'::text"},
        "maintenance.jobs.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.jobs.vehicle_id": {"type": "uuid", "not_null": True},
        "maintenance.jobs.vendor": {"type": "text"},
        "maintenance.outbox_events.aggregate_id": {"type": "uuid", "not_null": True},
        "maintenance.outbox_events.aggregate_type": {"type": "text", "not_null": True},
        "maintenance.outbox_events.aggregate_version": {"type": "bigint"},
        "maintenance.outbox_events.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.outbox_events.event_type": {"type": "text", "not_null": True},
        "maintenance.outbox_events.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "maintenance.outbox_events.occurred_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "maintenance.outbox_events.payload": {"type": "jsonb", "not_null": True},
        "maintenance.outbox_events.published_at": {"type": "timestamp with time zone"},
        "maintenance.outbox_events.sequence_no": {"type": "bigint", "not_null": True, "identity": "a"},
        "maintenance.outbox_events.txid": {
            "type": "xid8",
            "not_null": True,
            "default": "pg_current_xact_id()",
        },
        "maintenance.outbox_events.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
    },
    "constraint": {
        ("maintenance.inbox_processed_messages.inbox_processed_messages_consumer_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'::text))",
        },
        ("maintenance.inbox_processed_messages.inbox_processed_messages_consumer_length_ck"): {
            "type": "check",
            "definition": "CHECK ((char_length(consumer) <= 128))",
        },
        ("maintenance.inbox_processed_messages.inbox_processed_messages_consumer_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(consumer) <> ''::text))",
        },
        "maintenance.inbox_processed_messages.inbox_processed_messages_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (consumer, message_id)",
        },
        "maintenance.job_cost_totals.job_cost_totals_labour_range_ck": {
            "type": "check",
            "definition": (
                "CHECK (((labour_minor >= 0) AND (labour_minor <= '100000000000000000'::bigint)))"
            ),
        },
        "maintenance.job_cost_totals.job_cost_totals_parts_range_ck": {
            "type": "check",
            "definition": ("CHECK (((parts_minor >= 0) AND (parts_minor <= '100000000000000000'::bigint)))"),
        },
        "maintenance.job_cost_totals.job_cost_totals_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (job_id)",
        },
        "maintenance.job_labour.job_labour_hours_max_ck": {
            "type": "check",
            "definition": "CHECK ((hours <= (1000)::numeric))",
        },
        "maintenance.job_labour.job_labour_hours_positive_ck": {
            "type": "check",
            "definition": "CHECK ((hours > (0)::numeric))",
        },
        "maintenance.job_labour.job_labour_job_currency_fk": {
            "type": "foreign key",
            "definition": (
                "FOREIGN KEY (job_id, currency) REFERENCES maintenance.jobs(id, currency) ON DELETE CASCADE"
            ),
        },
        "maintenance.job_labour.job_labour_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "maintenance.job_labour.job_labour_rate_max_ck": {
            "type": "check",
            "definition": "CHECK ((rate_minor <= '1000000000000'::bigint))",
        },
        "maintenance.job_labour.job_labour_rate_not_negative_ck": {
            "type": "check",
            "definition": "CHECK ((rate_minor >= 0))",
        },
        "maintenance.job_labour.job_labour_technician_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(technician) <= 200))",
        },
        "maintenance.job_labour.job_labour_technician_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(technician) <> ''::text))",
        },
        "maintenance.job_parts.job_parts_description_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(description) <= 500))",
        },
        "maintenance.job_parts.job_parts_job_currency_fk": {
            "type": "foreign key",
            "definition": (
                "FOREIGN KEY (job_id, currency) REFERENCES maintenance.jobs(id, currency) ON DELETE CASCADE"
            ),
        },
        "maintenance.job_parts.job_parts_part_number_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(part_number) <= 64))",
        },
        "maintenance.job_parts.job_parts_part_number_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(part_number) <> ''::text))",
        },
        "maintenance.job_parts.job_parts_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "maintenance.job_parts.job_parts_quantity_max_ck": {
            "type": "check",
            "definition": "CHECK ((quantity <= (10000)::numeric))",
        },
        "maintenance.job_parts.job_parts_quantity_positive_ck": {
            "type": "check",
            "definition": "CHECK ((quantity > (0)::numeric))",
        },
        "maintenance.job_parts.job_parts_unit_cost_max_ck": {
            "type": "check",
            "definition": "CHECK ((unit_cost_minor <= '1000000000000'::bigint))",
        },
        "maintenance.job_parts.job_parts_unit_cost_not_negative_ck": {
            "type": "check",
            "definition": "CHECK ((unit_cost_minor >= 0))",
        },
        "maintenance.jobs.jobs_currency_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (currency) REFERENCES shared.currencies(code)",
        },
        "maintenance.jobs.jobs_id_currency_uq": {"type": "unique", "definition": "UNIQUE (id, currency)"},
        "maintenance.jobs.jobs_kind_ck": {
            "type": "check",
            "definition": (
                "CHECK ((kind = ANY (ARRAY['service'::text, 'inspection'::text, 'repair':"
                ":text, 'tyres'::text, 'bodywork'::text, 'recall'::text])))"
            ),
        },
        "maintenance.jobs.jobs_notes_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(notes) <= 4000))",
        },
        "maintenance.jobs.jobs_odometer_km_range_ck": {
            "type": "check",
            "definition": ("CHECK (((odometer_km >= (0)::numeric) AND (odometer_km < (10000000)::numeric)))"),
        },
        "maintenance.jobs.jobs_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "maintenance.jobs.jobs_scheduled_window_half_open_ck": {
            "type": "check",
            "definition": (
                "CHECK (((NOT isempty(scheduled_window)) AND (NOT lower_inf(scheduled_win"
                "dow)) AND (NOT upper_inf(scheduled_window)) AND lower_inc(scheduled_wind"
                "ow) AND (NOT upper_inc(scheduled_window)) AND isfinite(lower(scheduled_w"
                "indow)) AND isfinite(upper(scheduled_window))))"
            ),
        },
        "maintenance.jobs.jobs_status_ck": {
            "type": "check",
            "definition": (
                "CHECK ((status = ANY (ARRAY['scheduled'::text, 'in_progress'::text, 'com"
                "pleted'::text, 'cancelled'::text])))"
            ),
        },
        "maintenance.jobs.jobs_vehicle_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles(id)",
        },
        "maintenance.jobs.jobs_vendor_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(vendor) <= 200))",
        },
        "maintenance.outbox_events.outbox_events_aggregate_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((aggregate_type ~ '^[a-z][a-z_]*$'::text))",
        },
        "maintenance.outbox_events.outbox_events_aggregate_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(aggregate_type) <= 64))",
        },
        "maintenance.outbox_events.outbox_events_event_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((event_type ~ '^[a-z][a-z_]*\\.[a-z][a-z_]*$'::text))",
        },
        "maintenance.outbox_events.outbox_events_event_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(event_type) <= 128))",
        },
        "maintenance.outbox_events.outbox_events_payload_object_ck": {
            "type": "check",
            "definition": "CHECK ((jsonb_typeof(payload) = 'object'::text))",
        },
        "maintenance.outbox_events.outbox_events_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
    },
    "index": {
        "maintenance.inbox_processed_messages_pk": {
            "definition": (
                "CREATE UNIQUE INDEX inbox_processed_messages_pk ON maintenance.inbox_pro"
                "cessed_messages USING btree (consumer, message_id)"
            ),
            "table": "maintenance.inbox_processed_messages",
        },
        "maintenance.job_cost_totals_pk": {
            "definition": (
                "CREATE UNIQUE INDEX job_cost_totals_pk ON maintenance.job_cost_totals USING btree (job_id)"
            ),
            "table": "maintenance.job_cost_totals",
        },
        "maintenance.job_labour_job_id_currency_idx": {
            "definition": (
                "CREATE INDEX job_labour_job_id_currency_idx ON maintenance.job_labour US"
                "ING btree (job_id, currency)"
            ),
            "table": "maintenance.job_labour",
        },
        "maintenance.job_labour_pk": {
            "definition": ("CREATE UNIQUE INDEX job_labour_pk ON maintenance.job_labour USING btree (id)"),
            "table": "maintenance.job_labour",
        },
        "maintenance.job_parts_job_id_currency_idx": {
            "definition": (
                "CREATE INDEX job_parts_job_id_currency_idx ON maintenance.job_parts USIN"
                "G btree (job_id, currency)"
            ),
            "table": "maintenance.job_parts",
        },
        "maintenance.job_parts_pk": {
            "definition": ("CREATE UNIQUE INDEX job_parts_pk ON maintenance.job_parts USING btree (id)"),
            "table": "maintenance.job_parts",
        },
        "maintenance.jobs_currency_idx": {
            "definition": ("CREATE INDEX jobs_currency_idx ON maintenance.jobs USING btree (currency)"),
            "table": "maintenance.jobs",
        },
        "maintenance.jobs_id_currency_uq": {
            "definition": (
                "CREATE UNIQUE INDEX jobs_id_currency_uq ON maintenance.jobs USING btree (id, currency)"
            ),
            "table": "maintenance.jobs",
        },
        "maintenance.jobs_open_start_idx": {
            "definition": (
                "CREATE INDEX jobs_open_start_idx ON maintenance.jobs USING btree (lower("
                "scheduled_window)) WHERE (status = ANY (ARRAY['scheduled'::text, 'in_pro"
                "gress'::text]))"
            ),
            "table": "maintenance.jobs",
        },
        "maintenance.jobs_open_vehicle_start_idx": {
            "definition": (
                "CREATE INDEX jobs_open_vehicle_start_idx ON maintenance.jobs USING btree"
                " (vehicle_id, lower(scheduled_window)) WHERE (status = ANY (ARRAY['sched"
                "uled'::text, 'in_progress'::text]))"
            ),
            "table": "maintenance.jobs",
        },
        "maintenance.jobs_pk": {
            "definition": "CREATE UNIQUE INDEX jobs_pk ON maintenance.jobs USING btree (id)",
            "table": "maintenance.jobs",
        },
        "maintenance.jobs_vehicle_id_start_idx": {
            "definition": (
                "CREATE INDEX jobs_vehicle_id_start_idx ON maintenance.jobs USING btree ("
                "vehicle_id, lower(scheduled_window))"
            ),
            "table": "maintenance.jobs",
        },
        "maintenance.outbox_events_aggregate_version_uq": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_aggregate_version_uq ON maintenance.ou"
                "tbox_events USING btree (aggregate_type, aggregate_id, aggregate_version"
                ")"
            ),
            "table": "maintenance.outbox_events",
        },
        "maintenance.outbox_events_pk": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_pk ON maintenance.outbox_events USING btree (id)"
            ),
            "table": "maintenance.outbox_events",
        },
        "maintenance.outbox_events_unpublished_aggregate_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_aggregate_idx ON maintenance.outb"
                "ox_events USING btree (aggregate_type, aggregate_id, COALESCE(aggregate_"
                "version, (0)::bigint), txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "maintenance.outbox_events",
        },
        "maintenance.outbox_events_unpublished_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_idx ON maintenance.outbox_events "
                "USING btree (txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "maintenance.outbox_events",
        },
    },
    "sequence": {
        "maintenance.outbox_events_sequence_no_seq": {
            "type": "bigint",
            "start": 1,
            "increment": 1,
            "min": 1,
            "max": 9223372036854775807,
            "cache": 1,
            "owned_by": "maintenance.outbox_events.sequence_no",
            "owner": "fleetdb_owner",
        },
    },
    "trigger": {
        "maintenance.job_labour.job_labour_totals_trg": {
            "definition": (
                "CREATE TRIGGER job_labour_totals_trg AFTER INSERT OR DELETE OR UPDATE OF"
                " job_id, hours, rate_minor ON maintenance.job_labour FOR EACH ROW EXECUT"
                "E FUNCTION maintenance.job_labour_add_to_totals()"
            )
        },
        "maintenance.job_labour.job_labour_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER job_labour_touch_updated_at_trg BEFORE UPDATE ON maintena"
                "nce.job_labour FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "maintenance.job_parts.job_parts_totals_trg": {
            "definition": (
                "CREATE TRIGGER job_parts_totals_trg AFTER INSERT OR DELETE OR UPDATE OF "
                "job_id, quantity, unit_cost_minor ON maintenance.job_parts FOR EACH ROW "
                "EXECUTE FUNCTION maintenance.job_parts_add_to_totals()"
            )
        },
        "maintenance.job_parts.job_parts_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER job_parts_touch_updated_at_trg BEFORE UPDATE ON maintenan"
                "ce.job_parts FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "maintenance.jobs.jobs_no_rental_overlap_trg": {
            "definition": (
                "CREATE TRIGGER jobs_no_rental_overlap_trg BEFORE INSERT OR UPDATE OF veh"
                "icle_id, scheduled_window, status ON maintenance.jobs FOR EACH ROW EXECU"
                "TE FUNCTION maintenance.jobs_check_rental_overlap()"
            )
        },
        "maintenance.jobs.jobs_outbox_trg": {
            "definition": (
                "CREATE TRIGGER jobs_outbox_trg AFTER UPDATE OF status ON maintenance.job"
                "s FOR EACH ROW WHEN (((new.status = 'completed'::text) AND (old.status <"
                "> 'completed'::text))) EXECUTE FUNCTION maintenance.jobs_publish()"
            )
        },
        "maintenance.jobs.jobs_status_transition_trg": {
            "definition": (
                "CREATE TRIGGER jobs_status_transition_trg BEFORE INSERT OR UPDATE OF sta"
                "tus ON maintenance.jobs FOR EACH ROW EXECUTE FUNCTION maintenance.jobs_c"
                "heck_status_transition()"
            )
        },
        "maintenance.jobs.jobs_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER jobs_touch_updated_at_trg BEFORE UPDATE ON maintenance.jo"
                "bs FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "maintenance.outbox_events.outbox_events_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON maint"
                "enance.outbox_events FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_"
                "at()"
            )
        },
    },
    "function": {
        "maintenance.job_labour_add_to_totals()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "job_labour_add_to_totals",
        },
        "maintenance.job_parts_add_to_totals()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "job_parts_add_to_totals",
        },
        "maintenance.jobs_check_rental_overlap()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "jobs_check_rental_overlap",
        },
        "maintenance.jobs_check_status_transition()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "jobs_check_status_transition",
        },
        "maintenance.jobs_publish()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "jobs_publish",
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        "schema maintenance": ["USAGE"],
        "table maintenance.inbox_processed_messages": ["INSERT", "SELECT"],
        "table maintenance.job_cost_totals": ["SELECT"],
        "table maintenance.job_costs": ["SELECT"],
        "table maintenance.job_labour": ["DELETE", "INSERT", "SELECT", "UPDATE"],
        "table maintenance.job_parts": ["DELETE", "INSERT", "SELECT", "UPDATE"],
        "table maintenance.jobs": ["INSERT", "SELECT", "UPDATE"],
        "table maintenance.outbox_events": ["SELECT"],
    },
    "fleetdb_owner": {
        "function maintenance.job_labour_add_to_totals()": ["EXECUTE"],
        "function maintenance.job_parts_add_to_totals()": ["EXECUTE"],
        "function maintenance.jobs_check_rental_overlap()": ["EXECUTE"],
        "function maintenance.jobs_check_status_transition()": ["EXECUTE"],
        "function maintenance.jobs_publish()": ["EXECUTE"],
        "schema maintenance": ["CREATE", "USAGE"],
        "sequence maintenance.outbox_events_sequence_no_seq": ["SELECT", "UPDATE", "USAGE"],
        "table maintenance.inbox_processed_messages": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.job_cost_totals": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.job_costs": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.job_labour": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.job_parts": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.jobs": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table maintenance.outbox_events": [
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
        "schema maintenance": ["USAGE"],
        "table maintenance.inbox_processed_messages": ["SELECT"],
        "table maintenance.job_cost_totals": ["SELECT"],
        "table maintenance.job_costs": ["SELECT"],
        "table maintenance.job_labour": ["SELECT"],
        "table maintenance.job_parts": ["SELECT"],
        "table maintenance.jobs": ["SELECT"],
        "table maintenance.outbox_events": ["SELECT"],
    },
    "fleetdb_relay": {
        "column maintenance.outbox_events.published_at": ["UPDATE"],
        "schema maintenance": ["USAGE"],
        "table maintenance.outbox_events": ["SELECT"],
    },
    "public": {},
}
CONTRACT = SchemaContract("maintenance", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_maintenance_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
