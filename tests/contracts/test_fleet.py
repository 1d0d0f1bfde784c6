"""Contract of schema fleet: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft fleet`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "fleet.inbox_processed_messages": {"relkind": "table", "owner": "fleetdb_owner"},
        "fleet.odometer_corrections": {"relkind": "table", "owner": "fleetdb_owner"},
        "fleet.odometer_readings": {"relkind": "table", "owner": "fleetdb_owner"},
        "fleet.outbox_events": {"relkind": "table", "owner": "fleetdb_owner"},
        "fleet.vehicle_guards": {"relkind": "table", "owner": "fleetdb_owner"},
        "fleet.vehicles": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "fleet.inbox_processed_messages.consumer": {"type": "text", "not_null": True},
        "fleet.inbox_processed_messages.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.inbox_processed_messages.message_id": {"type": "uuid", "not_null": True},
        "fleet.inbox_processed_messages.processed_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.odometer_corrections.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.odometer_corrections.effective_at": {"type": "timestamp with time zone", "not_null": True},
        "fleet.odometer_corrections.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "fleet.odometer_corrections.kind": {"type": "text", "not_null": True},
        "fleet.odometer_corrections.reason": {"type": "text", "not_null": True},
        "fleet.odometer_corrections.recorded_by": {"type": "uuid"},
        "fleet.odometer_corrections.vehicle_id": {"type": "uuid", "not_null": True},
        "fleet.odometer_readings.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.odometer_readings.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "fleet.odometer_readings.read_at": {"type": "timestamp with time zone", "not_null": True},
        "fleet.odometer_readings.reading_km": {"type": "numeric(9,1)", "not_null": True},
        "fleet.odometer_readings.recorded_by": {"type": "uuid"},
        "fleet.odometer_readings.source": {"type": "text", "not_null": True},
        "fleet.odometer_readings.vehicle_id": {"type": "uuid", "not_null": True},
        "fleet.outbox_events.aggregate_id": {"type": "uuid", "not_null": True},
        "fleet.outbox_events.aggregate_type": {"type": "text", "not_null": True},
        "fleet.outbox_events.aggregate_version": {"type": "bigint"},
        "fleet.outbox_events.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.outbox_events.event_type": {"type": "text", "not_null": True},
        "fleet.outbox_events.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "fleet.outbox_events.occurred_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.outbox_events.payload": {"type": "jsonb", "not_null": True},
        "fleet.outbox_events.published_at": {"type": "timestamp with time zone"},
        "fleet.outbox_events.sequence_no": {"type": "bigint", "not_null": True, "identity": "a"},
        "fleet.outbox_events.txid": {"type": "xid8", "not_null": True, "default": "pg_current_xact_id()"},
        "fleet.outbox_events.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.vehicle_guards.concern": {"type": "text", "not_null": True},
        "fleet.vehicle_guards.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.vehicle_guards.vehicle_id": {"type": "uuid", "not_null": True},
        "fleet.vehicle_guards.version": {"type": "bigint", "not_null": True, "default": "1"},
        "fleet.vehicles.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.vehicles.home_location_id": {"type": "uuid", "not_null": True},
        "fleet.vehicles.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "fleet.vehicles.make": {"type": "text", "not_null": True},
        "fleet.vehicles.model": {"type": "text", "not_null": True},
        "fleet.vehicles.model_year": {"type": "smallint", "not_null": True},
        "fleet.vehicles.plate": {"type": "text", "not_null": True},
        "fleet.vehicles.plate_jurisdiction": {"type": "text", "not_null": True},
        "fleet.vehicles.status": {"type": "text", "not_null": True, "default": "'in_service'::text"},
        "fleet.vehicles.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "fleet.vehicles.vin": {"type": "text", "not_null": True},
    },
    "constraint": {
        ("fleet.inbox_processed_messages.inbox_processed_messages_consumer_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'::text))",
        },
        ("fleet.inbox_processed_messages.inbox_processed_messages_consumer_length_ck"): {
            "type": "check",
            "definition": "CHECK ((char_length(consumer) <= 128))",
        },
        ("fleet.inbox_processed_messages.inbox_processed_messages_consumer_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(consumer) <> ''::text))",
        },
        "fleet.inbox_processed_messages.inbox_processed_messages_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (consumer, message_id)",
        },
        "fleet.odometer_corrections.odometer_corrections_effective_at_finite_ck": {
            "type": "check",
            "definition": "CHECK (isfinite(effective_at))",
        },
        "fleet.odometer_corrections.odometer_corrections_kind_ck": {
            "type": "check",
            "definition": "CHECK ((kind = ANY (ARRAY['correction'::text, 'replacement'::text])))",
        },
        "fleet.odometer_corrections.odometer_corrections_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
        "fleet.odometer_corrections.odometer_corrections_reason_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(reason) <= 500))",
        },
        "fleet.odometer_corrections.odometer_corrections_reason_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(reason) <> ''::text))",
        },
        "fleet.odometer_corrections.odometer_corrections_recorded_by_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (recorded_by) REFERENCES iam.users(id)",
        },
        "fleet.odometer_corrections.odometer_corrections_vehicle_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles(id)",
        },
        "fleet.odometer_readings.odometer_readings_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (id)",
        },
        "fleet.odometer_readings.odometer_readings_read_at_finite_ck": {
            "type": "check",
            "definition": "CHECK (isfinite(read_at))",
        },
        "fleet.odometer_readings.odometer_readings_reading_km_range_ck": {
            "type": "check",
            "definition": ("CHECK (((reading_km >= (0)::numeric) AND (reading_km < (10000000)::numeric)))"),
        },
        "fleet.odometer_readings.odometer_readings_recorded_by_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (recorded_by) REFERENCES iam.users(id)",
        },
        "fleet.odometer_readings.odometer_readings_source_ck": {
            "type": "check",
            "definition": (
                "CHECK ((source = ANY (ARRAY['manual'::text, 'telematics'::text, 'rental_"
                "checkout'::text, 'rental_return'::text, 'maintenance'::text])))"
            ),
        },
        "fleet.odometer_readings.odometer_readings_vehicle_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles(id)",
        },
        "fleet.outbox_events.outbox_events_aggregate_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((aggregate_type ~ '^[a-z][a-z_]*$'::text))",
        },
        "fleet.outbox_events.outbox_events_aggregate_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(aggregate_type) <= 64))",
        },
        "fleet.outbox_events.outbox_events_event_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((event_type ~ '^[a-z][a-z_]*\\.[a-z][a-z_]*$'::text))",
        },
        "fleet.outbox_events.outbox_events_event_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(event_type) <= 128))",
        },
        "fleet.outbox_events.outbox_events_payload_object_ck": {
            "type": "check",
            "definition": "CHECK ((jsonb_typeof(payload) = 'object'::text))",
        },
        "fleet.outbox_events.outbox_events_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "fleet.vehicle_guards.vehicle_guards_concern_ck": {
            "type": "check",
            "definition": "CHECK ((concern = ANY (ARRAY['odometer'::text, 'bookings'::text])))",
        },
        "fleet.vehicle_guards.vehicle_guards_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (vehicle_id, concern)",
        },
        "fleet.vehicles.vehicles_home_location_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (home_location_id) REFERENCES rental.locations(id)",
        },
        "fleet.vehicles.vehicles_make_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(make) <= 100))",
        },
        "fleet.vehicles.vehicles_make_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(make) <> ''::text))",
        },
        "fleet.vehicles.vehicles_model_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(model) <= 100))",
        },
        "fleet.vehicles.vehicles_model_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(model) <> ''::text))",
        },
        "fleet.vehicles.vehicles_model_year_range_ck": {
            "type": "check",
            "definition": "CHECK (((model_year >= 1980) AND (model_year <= 2100)))",
        },
        "fleet.vehicles.vehicles_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "fleet.vehicles.vehicles_plate_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((plate ~ '^[A-Z0-9]+([ -][A-Z0-9]+)*$'::text))",
        },
        "fleet.vehicles.vehicles_plate_jurisdiction_format_ck": {
            "type": "check",
            "definition": "CHECK ((plate_jurisdiction ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'::text))",
        },
        "fleet.vehicles.vehicles_plate_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(plate) <= 15))",
        },
        "fleet.vehicles.vehicles_plate_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(plate) <> ''::text))",
        },
        "fleet.vehicles.vehicles_status_ck": {
            "type": "check",
            "definition": (
                "CHECK ((status = ANY (ARRAY['in_service'::text, 'out_of_service'::text, 'retired'::text])))"
            ),
        },
        "fleet.vehicles.vehicles_vin_format_ck": {
            "type": "check",
            "definition": "CHECK ((vin ~ '^[A-HJ-NPR-Z0-9]{17}$'::text))",
        },
        "fleet.vehicles.vehicles_vin_uq": {"type": "unique", "definition": "UNIQUE (vin)"},
    },
    "index": {
        "fleet.inbox_processed_messages_pk": {
            "definition": (
                "CREATE UNIQUE INDEX inbox_processed_messages_pk ON fleet.inbox_processed"
                "_messages USING btree (consumer, message_id)"
            ),
            "table": "fleet.inbox_processed_messages",
        },
        "fleet.odometer_corrections_pk": {
            "definition": (
                "CREATE UNIQUE INDEX odometer_corrections_pk ON fleet.odometer_corrections USING btree (id)"
            ),
            "table": "fleet.odometer_corrections",
        },
        "fleet.odometer_corrections_recorded_by_idx": {
            "definition": (
                "CREATE INDEX odometer_corrections_recorded_by_idx ON fleet.odometer_corr"
                "ections USING btree (recorded_by)"
            ),
            "table": "fleet.odometer_corrections",
        },
        "fleet.odometer_corrections_vehicle_id_effective_at_idx": {
            "definition": (
                "CREATE INDEX odometer_corrections_vehicle_id_effective_at_idx ON fleet.o"
                "dometer_corrections USING btree (vehicle_id, effective_at)"
            ),
            "table": "fleet.odometer_corrections",
        },
        "fleet.odometer_readings_pk": {
            "definition": (
                "CREATE UNIQUE INDEX odometer_readings_pk ON fleet.odometer_readings USING btree (id)"
            ),
            "table": "fleet.odometer_readings",
        },
        "fleet.odometer_readings_recorded_by_idx": {
            "definition": (
                "CREATE INDEX odometer_readings_recorded_by_idx ON fleet.odometer_reading"
                "s USING btree (recorded_by)"
            ),
            "table": "fleet.odometer_readings",
        },
        "fleet.odometer_readings_vehicle_id_read_at_idx": {
            "definition": (
                "CREATE INDEX odometer_readings_vehicle_id_read_at_idx ON fleet.odometer_"
                "readings USING btree (vehicle_id, read_at)"
            ),
            "table": "fleet.odometer_readings",
        },
        "fleet.outbox_events_aggregate_version_uq": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_aggregate_version_uq ON fleet.outbox_e"
                "vents USING btree (aggregate_type, aggregate_id, aggregate_version)"
            ),
            "table": "fleet.outbox_events",
        },
        "fleet.outbox_events_pk": {
            "definition": ("CREATE UNIQUE INDEX outbox_events_pk ON fleet.outbox_events USING btree (id)"),
            "table": "fleet.outbox_events",
        },
        "fleet.outbox_events_unpublished_aggregate_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_aggregate_idx ON fleet.outbox_eve"
                "nts USING btree (aggregate_type, aggregate_id, COALESCE(aggregate_versio"
                "n, (0)::bigint), txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "fleet.outbox_events",
        },
        "fleet.outbox_events_unpublished_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_idx ON fleet.outbox_events USING "
                "btree (txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "fleet.outbox_events",
        },
        "fleet.vehicle_guards_pk": {
            "definition": (
                "CREATE UNIQUE INDEX vehicle_guards_pk ON fleet.vehicle_guards USING btre"
                "e (vehicle_id, concern)"
            ),
            "table": "fleet.vehicle_guards",
        },
        "fleet.vehicles_home_location_id_idx": {
            "definition": (
                "CREATE INDEX vehicles_home_location_id_idx ON fleet.vehicles USING btree (home_location_id)"
            ),
            "table": "fleet.vehicles",
        },
        "fleet.vehicles_pk": {
            "definition": "CREATE UNIQUE INDEX vehicles_pk ON fleet.vehicles USING btree (id)",
            "table": "fleet.vehicles",
        },
        "fleet.vehicles_plate_in_service_uq": {
            "definition": (
                "CREATE UNIQUE INDEX vehicles_plate_in_service_uq ON fleet.vehicles USING"
                " btree (plate_jurisdiction, translate(plate, ' -'::text, ''::text)) WHER"
                "E (status <> 'retired'::text)"
            ),
            "table": "fleet.vehicles",
        },
        "fleet.vehicles_vin_uq": {
            "definition": "CREATE UNIQUE INDEX vehicles_vin_uq ON fleet.vehicles USING btree (vin)",
            "table": "fleet.vehicles",
        },
    },
    "sequence": {
        "fleet.outbox_events_sequence_no_seq": {
            "type": "bigint",
            "start": 1,
            "increment": 1,
            "min": 1,
            "max": 9223372036854775807,
            "cache": 1,
            "owned_by": "fleet.outbox_events.sequence_no",
            "owner": "fleetdb_owner",
        },
    },
    "trigger": {
        "fleet.odometer_corrections.odometer_corrections_append_only_trg": {
            "definition": (
                "CREATE TRIGGER odometer_corrections_append_only_trg BEFORE DELETE OR UPD"
                "ATE ON fleet.odometer_corrections FOR EACH ROW EXECUTE FUNCTION shared.r"
                "eject_mutation()"
            )
        },
        "fleet.odometer_corrections.odometer_corrections_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER odometer_corrections_no_truncate_trg BEFORE TRUNCATE ON f"
                "leet.odometer_corrections FOR EACH STATEMENT EXECUTE FUNCTION shared.rej"
                "ect_mutation()"
            )
        },
        "fleet.odometer_readings.odometer_readings_append_only_trg": {
            "definition": (
                "CREATE TRIGGER odometer_readings_append_only_trg BEFORE DELETE OR UPDATE"
                " ON fleet.odometer_readings FOR EACH ROW EXECUTE FUNCTION shared.reject_"
                "mutation()"
            )
        },
        "fleet.odometer_readings.odometer_readings_monotonic_trg": {
            "definition": (
                "CREATE TRIGGER odometer_readings_monotonic_trg AFTER INSERT ON fleet.odo"
                "meter_readings REFERENCING NEW TABLE AS new_readings FOR EACH STATEMENT "
                "EXECUTE FUNCTION fleet.odometer_readings_check_monotonic()"
            )
        },
        "fleet.odometer_readings.odometer_readings_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER odometer_readings_no_truncate_trg BEFORE TRUNCATE ON flee"
                "t.odometer_readings FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mu"
                "tation()"
            )
        },
        "fleet.odometer_readings.odometer_readings_outbox_trg": {
            "definition": (
                "CREATE TRIGGER odometer_readings_outbox_trg AFTER INSERT ON fleet.odomet"
                "er_readings REFERENCING NEW TABLE AS new_readings FOR EACH STATEMENT EXE"
                "CUTE FUNCTION fleet.odometer_readings_publish()"
            )
        },
        "fleet.outbox_events.outbox_events_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON fleet"
                ".outbox_events FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "fleet.vehicles.vehicles_retirement_trg": {
            "definition": (
                "CREATE TRIGGER vehicles_retirement_trg BEFORE UPDATE OF status ON fleet."
                "vehicles FOR EACH ROW WHEN (((new.status = 'retired'::text) AND (old.sta"
                "tus IS DISTINCT FROM 'retired'::text))) EXECUTE FUNCTION fleet.vehicles_"
                "check_retirement()"
            )
        },
        "fleet.vehicles.vehicles_status_transition_trg": {
            "definition": (
                "CREATE TRIGGER vehicles_status_transition_trg BEFORE INSERT OR UPDATE OF"
                " status ON fleet.vehicles FOR EACH ROW EXECUTE FUNCTION fleet.vehicles_c"
                "heck_status_transition()"
            )
        },
        "fleet.vehicles.vehicles_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER vehicles_touch_updated_at_trg BEFORE UPDATE ON fleet.vehi"
                "cles FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
    },
    "function": {
        "fleet.odometer_readings_check_monotonic()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "odometer_readings_check_monotonic",
        },
        "fleet.odometer_readings_publish()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "odometer_readings_publish",
        },
        "fleet.vehicles_check_retirement()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "vehicles_check_retirement",
        },
        "fleet.vehicles_check_status_transition()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "vehicles_check_status_transition",
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        "schema fleet": ["USAGE"],
        "table fleet.inbox_processed_messages": ["INSERT", "SELECT"],
        "table fleet.odometer_corrections": ["INSERT", "SELECT"],
        "table fleet.odometer_readings": ["INSERT", "SELECT"],
        "table fleet.outbox_events": ["SELECT"],
        "table fleet.vehicles": ["INSERT", "SELECT", "UPDATE"],
    },
    "fleetdb_owner": {
        "function fleet.odometer_readings_check_monotonic()": ["EXECUTE"],
        "function fleet.odometer_readings_publish()": ["EXECUTE"],
        "function fleet.vehicles_check_retirement()": ["EXECUTE"],
        "function fleet.vehicles_check_status_transition()": ["EXECUTE"],
        "schema fleet": ["CREATE", "USAGE"],
        "sequence fleet.outbox_events_sequence_no_seq": ["SELECT", "UPDATE", "USAGE"],
        "table fleet.inbox_processed_messages": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table fleet.odometer_corrections": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table fleet.odometer_readings": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table fleet.outbox_events": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table fleet.vehicle_guards": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table fleet.vehicles": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
    },
    "fleetdb_readonly": {
        "schema fleet": ["USAGE"],
        "table fleet.inbox_processed_messages": ["SELECT"],
        "table fleet.odometer_corrections": ["SELECT"],
        "table fleet.odometer_readings": ["SELECT"],
        "table fleet.outbox_events": ["SELECT"],
        "table fleet.vehicle_guards": ["SELECT"],
        "table fleet.vehicles": ["SELECT"],
    },
    "fleetdb_relay": {
        "column fleet.outbox_events.published_at": ["UPDATE"],
        "schema fleet": ["USAGE"],
        "table fleet.outbox_events": ["SELECT"],
    },
    "public": {},
}
CONTRACT = SchemaContract("fleet", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_fleet_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
