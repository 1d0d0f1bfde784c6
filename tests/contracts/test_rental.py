"""Contract of schema rental: every object and what each role may do, as written expectations.

Drafted with ``fleetdb contracts --draft rental`` and reviewed; a change to the schema
changes this file in the same commit."""

from __future__ import annotations

from typing import Any

import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract.schema_contract import PARTS, SchemaContract, check_contract

OBJECTS: dict[str, dict[str, dict[str, Any]]] = {
    "relation": {
        "rental.charges": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.customers": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.inbox_processed_messages": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.locations": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.outbox_events": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.payments": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.refund_totals": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.refunds": {"relkind": "table", "owner": "fleetdb_owner"},
        "rental.rentals": {"relkind": "table", "owner": "fleetdb_owner"},
    },
    "column": {
        "rental.charges.amount_minor": {"type": "bigint", "not_null": True},
        "rental.charges.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.charges.currency": {"type": "character(3)", "not_null": True},
        "rental.charges.description": {"type": "text", "not_null": True, "default": "''::text"},
        "rental.charges.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.charges.kind": {"type": "text", "not_null": True},
        "rental.charges.rental_id": {"type": "uuid", "not_null": True},
        "rental.customers.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.customers.driver_licence_country": {"type": "text", "not_null": True},
        "rental.customers.driver_licence_number": {"type": "text", "not_null": True},
        "rental.customers.email": {"type": "text"},
        "rental.customers.full_name": {"type": "text", "not_null": True},
        "rental.customers.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.customers.phone": {"type": "text"},
        "rental.customers.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.inbox_processed_messages.consumer": {"type": "text", "not_null": True},
        "rental.inbox_processed_messages.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.inbox_processed_messages.message_id": {"type": "uuid", "not_null": True},
        "rental.inbox_processed_messages.processed_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.locations.address": {"type": "text", "not_null": True},
        "rental.locations.code": {"type": "text", "not_null": True},
        "rental.locations.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.locations.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.locations.name": {"type": "text", "not_null": True},
        "rental.locations.time_zone": {"type": "text", "not_null": True},
        "rental.locations.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.outbox_events.aggregate_id": {"type": "uuid", "not_null": True},
        "rental.outbox_events.aggregate_type": {"type": "text", "not_null": True},
        "rental.outbox_events.aggregate_version": {"type": "bigint"},
        "rental.outbox_events.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.outbox_events.event_type": {"type": "text", "not_null": True},
        "rental.outbox_events.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.outbox_events.occurred_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.outbox_events.payload": {"type": "jsonb", "not_null": True},
        "rental.outbox_events.published_at": {"type": "timestamp with time zone"},
        "rental.outbox_events.sequence_no": {"type": "bigint", "not_null": True, "identity": "a"},
        "rental.outbox_events.txid": {"type": "xid8", "not_null": True, "default": "pg_current_xact_id()"},
        "rental.outbox_events.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.payments.amount_minor": {"type": "bigint", "not_null": True},
        "rental.payments.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.payments.currency": {"type": "character(3)", "not_null": True},
        "rental.payments.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.payments.provider": {"type": "text", "not_null": True},
        "rental.payments.provider_reference": {"type": "text", "not_null": True},
        "rental.payments.received_at": {"type": "timestamp with time zone", "not_null": True},
        "rental.payments.rental_id": {"type": "uuid", "not_null": True},
        "rental.refund_totals.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.refund_totals.paid_minor": {"type": "bigint", "not_null": True},
        "rental.refund_totals.payment_id": {"type": "uuid", "not_null": True},
        "rental.refund_totals.refunded_minor": {"type": "bigint", "not_null": True},
        "rental.refunds.amount_minor": {"type": "bigint", "not_null": True},
        "rental.refunds.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.refunds.currency": {"type": "character(3)", "not_null": True},
        "rental.refunds.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.refunds.payment_id": {"type": "uuid", "not_null": True},
        "rental.refunds.provider_reference": {"type": "text"},
        "rental.refunds.reason": {"type": "text", "not_null": True},
        "rental.refunds.refunded_at": {"type": "timestamp with time zone", "not_null": True},
        "rental.rentals.created_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.rentals.currency": {"type": "character(3)", "not_null": True},
        "rental.rentals.customer_id": {"type": "uuid", "not_null": True},
        "rental.rentals.id": {"type": "uuid", "not_null": True, "default": "shared.uuid_v7()"},
        "rental.rentals.period": {"type": "tstzrange", "not_null": True},
        "rental.rentals.pickup_location_id": {"type": "uuid", "not_null": True},
        "rental.rentals.return_location_id": {"type": "uuid", "not_null": True},
        "rental.rentals.status": {"type": "text", "not_null": True, "default": "'reserved'::text"},
        "rental.rentals.updated_at": {
            "type": "timestamp with time zone",
            "not_null": True,
            "default": "now()",
        },
        "rental.rentals.vehicle_id": {"type": "uuid", "not_null": True},
    },
    "constraint": {
        "rental.charges.charges_amount_max_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor <= '1000000000000'::bigint))",
        },
        "rental.charges.charges_amount_positive_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor > 0))",
        },
        "rental.charges.charges_description_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(description) <= 500))",
        },
        "rental.charges.charges_kind_ck": {
            "type": "check",
            "definition": (
                "CHECK ((kind = ANY (ARRAY['base_rate'::text, 'extra_day'::text, 'one_way"
                "_fee'::text, 'fuel'::text, 'mileage'::text, 'extra_equipment'::text, 'in"
                "surance'::text, 'late_return'::text, 'damage'::text, 'cleaning'::text, '"
                "discount'::text])))"
            ),
        },
        "rental.charges.charges_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.charges.charges_rental_currency_fk": {
            "type": "foreign key",
            "definition": ("FOREIGN KEY (rental_id, currency) REFERENCES rental.rentals(id, currency)"),
        },
        "rental.customers.customers_driver_licence_country_format_ck": {
            "type": "check",
            "definition": "CHECK ((driver_licence_country ~ '^[A-Z]{2}$'::text))",
        },
        "rental.customers.customers_driver_licence_number_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((driver_licence_number ~ '^[A-Z0-9]+$'::text))",
        },
        "rental.customers.customers_driver_licence_number_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(driver_licence_number) <= 32))",
        },
        "rental.customers.customers_driver_licence_number_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(driver_licence_number) <> ''::text))",
        },
        "rental.customers.customers_driver_licence_uq": {
            "type": "unique",
            "definition": "UNIQUE (driver_licence_country, driver_licence_number)",
        },
        "rental.customers.customers_email_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((email ~ '^[!-?A-~]+@[!-?A-~]+$'::text))",
        },
        "rental.customers.customers_email_format_ck": {
            "type": "check",
            "definition": "CHECK ((email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text))",
        },
        "rental.customers.customers_email_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(email) <= 254))",
        },
        "rental.customers.customers_full_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(full_name) <= 200))",
        },
        "rental.customers.customers_full_name_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(full_name) <> ''::text))",
        },
        "rental.customers.customers_phone_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(phone) <= 32))",
        },
        "rental.customers.customers_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        ("rental.inbox_processed_messages.inbox_processed_messages_consumer_canonical_ck"): {
            "type": "check",
            "definition": "CHECK ((consumer ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'::text))",
        },
        ("rental.inbox_processed_messages.inbox_processed_messages_consumer_length_ck"): {
            "type": "check",
            "definition": "CHECK ((char_length(consumer) <= 128))",
        },
        ("rental.inbox_processed_messages.inbox_processed_messages_consumer_not_blank_ck"): {
            "type": "check",
            "definition": "CHECK ((btrim(consumer) <> ''::text))",
        },
        "rental.inbox_processed_messages.inbox_processed_messages_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (consumer, message_id)",
        },
        "rental.locations.locations_address_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(address) <= 500))",
        },
        "rental.locations.locations_code_format_ck": {
            "type": "check",
            "definition": "CHECK ((code ~ '^[A-Z0-9]{3,10}$'::text))",
        },
        "rental.locations.locations_code_uq": {"type": "unique", "definition": "UNIQUE (code)"},
        "rental.locations.locations_name_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(name) <= 200))",
        },
        "rental.locations.locations_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.locations.locations_time_zone_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(time_zone) <= 64))",
        },
        "rental.locations.locations_time_zone_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(time_zone) <> ''::text))",
        },
        "rental.outbox_events.outbox_events_aggregate_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((aggregate_type ~ '^[a-z][a-z_]*$'::text))",
        },
        "rental.outbox_events.outbox_events_aggregate_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(aggregate_type) <= 64))",
        },
        "rental.outbox_events.outbox_events_event_type_format_ck": {
            "type": "check",
            "definition": "CHECK ((event_type ~ '^[a-z][a-z_]*\\.[a-z][a-z_]*$'::text))",
        },
        "rental.outbox_events.outbox_events_event_type_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(event_type) <= 128))",
        },
        "rental.outbox_events.outbox_events_payload_object_ck": {
            "type": "check",
            "definition": "CHECK ((jsonb_typeof(payload) = 'object'::text))",
        },
        "rental.outbox_events.outbox_events_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.payments.payments_amount_max_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor <= '1000000000000'::bigint))",
        },
        "rental.payments.payments_amount_positive_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor > 0))",
        },
        "rental.payments.payments_id_currency_uq": {"type": "unique", "definition": "UNIQUE (id, currency)"},
        "rental.payments.payments_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.payments.payments_provider_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((provider ~ '^[a-z0-9]+(_[a-z0-9]+)*$'::text))",
        },
        "rental.payments.payments_provider_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(provider) <= 32))",
        },
        "rental.payments.payments_provider_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(provider) <> ''::text))",
        },
        "rental.payments.payments_provider_reference_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((provider_reference ~ '^[!-~]+$'::text))",
        },
        "rental.payments.payments_provider_reference_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(provider_reference) <= 255))",
        },
        "rental.payments.payments_provider_reference_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(provider_reference) <> ''::text))",
        },
        "rental.payments.payments_provider_reference_uq": {
            "type": "unique",
            "definition": "UNIQUE (provider, provider_reference)",
        },
        "rental.payments.payments_rental_currency_fk": {
            "type": "foreign key",
            "definition": ("FOREIGN KEY (rental_id, currency) REFERENCES rental.rentals(id, currency)"),
        },
        "rental.refund_totals.refund_totals_pk": {
            "type": "primary key",
            "definition": "PRIMARY KEY (payment_id)",
        },
        "rental.refund_totals.refund_totals_within_payment_ck": {
            "type": "check",
            "definition": "CHECK (((refunded_minor >= 0) AND (refunded_minor <= paid_minor)))",
        },
        "rental.refunds.refunds_amount_positive_ck": {
            "type": "check",
            "definition": "CHECK ((amount_minor > 0))",
        },
        "rental.refunds.refunds_payment_currency_fk": {
            "type": "foreign key",
            "definition": ("FOREIGN KEY (payment_id, currency) REFERENCES rental.payments(id, currency)"),
        },
        "rental.refunds.refunds_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.refunds.refunds_provider_reference_canonical_ck": {
            "type": "check",
            "definition": "CHECK ((provider_reference ~ '^[!-~]+$'::text))",
        },
        "rental.refunds.refunds_provider_reference_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(provider_reference) <= 255))",
        },
        "rental.refunds.refunds_reason_length_ck": {
            "type": "check",
            "definition": "CHECK ((char_length(reason) <= 500))",
        },
        "rental.refunds.refunds_reason_not_blank_ck": {
            "type": "check",
            "definition": "CHECK ((btrim(reason) <> ''::text))",
        },
        "rental.rentals.rentals_currency_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (currency) REFERENCES shared.currencies(code)",
        },
        "rental.rentals.rentals_customer_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (customer_id) REFERENCES rental.customers(id)",
        },
        "rental.rentals.rentals_id_currency_uq": {"type": "unique", "definition": "UNIQUE (id, currency)"},
        "rental.rentals.rentals_no_overlap_excl": {
            "type": "exclusion",
            "definition": (
                "EXCLUDE USING gist (vehicle_id WITH =, period WITH &&) WHERE ((status = "
                "ANY (ARRAY['reserved'::text, 'active'::text])))"
            ),
        },
        "rental.rentals.rentals_period_half_open_ck": {
            "type": "check",
            "definition": (
                "CHECK (((NOT isempty(period)) AND (NOT lower_inf(period)) AND (NOT upper"
                "_inf(period)) AND lower_inc(period) AND (NOT upper_inc(period)) AND isfi"
                "nite(lower(period)) AND isfinite(upper(period))))"
            ),
        },
        "rental.rentals.rentals_pickup_location_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (pickup_location_id) REFERENCES rental.locations(id)",
        },
        "rental.rentals.rentals_pk": {"type": "primary key", "definition": "PRIMARY KEY (id)"},
        "rental.rentals.rentals_return_location_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (return_location_id) REFERENCES rental.locations(id)",
        },
        "rental.rentals.rentals_status_ck": {
            "type": "check",
            "definition": (
                "CHECK ((status = ANY (ARRAY['reserved'::text, 'active'::text, 'completed"
                "'::text, 'cancelled'::text, 'no_show'::text])))"
            ),
        },
        "rental.rentals.rentals_vehicle_fk": {
            "type": "foreign key",
            "definition": "FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles(id)",
        },
    },
    "index": {
        "rental.charges_pk": {
            "definition": "CREATE UNIQUE INDEX charges_pk ON rental.charges USING btree (id)",
            "table": "rental.charges",
        },
        "rental.charges_rental_id_currency_idx": {
            "definition": (
                "CREATE INDEX charges_rental_id_currency_idx ON rental.charges USING btre"
                "e (rental_id, currency)"
            ),
            "table": "rental.charges",
        },
        "rental.customers_driver_licence_uq": {
            "definition": (
                "CREATE UNIQUE INDEX customers_driver_licence_uq ON rental.customers USIN"
                "G btree (driver_licence_country, driver_licence_number)"
            ),
            "table": "rental.customers",
        },
        "rental.customers_pk": {
            "definition": "CREATE UNIQUE INDEX customers_pk ON rental.customers USING btree (id)",
            "table": "rental.customers",
        },
        "rental.inbox_processed_messages_pk": {
            "definition": (
                "CREATE UNIQUE INDEX inbox_processed_messages_pk ON rental.inbox_processe"
                "d_messages USING btree (consumer, message_id)"
            ),
            "table": "rental.inbox_processed_messages",
        },
        "rental.locations_code_uq": {
            "definition": ("CREATE UNIQUE INDEX locations_code_uq ON rental.locations USING btree (code)"),
            "table": "rental.locations",
        },
        "rental.locations_pk": {
            "definition": "CREATE UNIQUE INDEX locations_pk ON rental.locations USING btree (id)",
            "table": "rental.locations",
        },
        "rental.outbox_events_aggregate_version_uq": {
            "definition": (
                "CREATE UNIQUE INDEX outbox_events_aggregate_version_uq ON rental.outbox_"
                "events USING btree (aggregate_type, aggregate_id, aggregate_version)"
            ),
            "table": "rental.outbox_events",
        },
        "rental.outbox_events_pk": {
            "definition": ("CREATE UNIQUE INDEX outbox_events_pk ON rental.outbox_events USING btree (id)"),
            "table": "rental.outbox_events",
        },
        "rental.outbox_events_unpublished_aggregate_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_aggregate_idx ON rental.outbox_ev"
                "ents USING btree (aggregate_type, aggregate_id, COALESCE(aggregate_versi"
                "on, (0)::bigint), txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "rental.outbox_events",
        },
        "rental.outbox_events_unpublished_idx": {
            "definition": (
                "CREATE INDEX outbox_events_unpublished_idx ON rental.outbox_events USING"
                " btree (txid, sequence_no) WHERE (published_at IS NULL)"
            ),
            "table": "rental.outbox_events",
        },
        "rental.payments_id_currency_uq": {
            "definition": (
                "CREATE UNIQUE INDEX payments_id_currency_uq ON rental.payments USING btree (id, currency)"
            ),
            "table": "rental.payments",
        },
        "rental.payments_pk": {
            "definition": "CREATE UNIQUE INDEX payments_pk ON rental.payments USING btree (id)",
            "table": "rental.payments",
        },
        "rental.payments_provider_reference_uq": {
            "definition": (
                "CREATE UNIQUE INDEX payments_provider_reference_uq ON rental.payments US"
                "ING btree (provider, provider_reference)"
            ),
            "table": "rental.payments",
        },
        "rental.payments_rental_id_currency_idx": {
            "definition": (
                "CREATE INDEX payments_rental_id_currency_idx ON rental.payments USING bt"
                "ree (rental_id, currency)"
            ),
            "table": "rental.payments",
        },
        "rental.refund_totals_pk": {
            "definition": (
                "CREATE UNIQUE INDEX refund_totals_pk ON rental.refund_totals USING btree (payment_id)"
            ),
            "table": "rental.refund_totals",
        },
        "rental.refunds_payment_id_currency_idx": {
            "definition": (
                "CREATE INDEX refunds_payment_id_currency_idx ON rental.refunds USING btr"
                "ee (payment_id, currency)"
            ),
            "table": "rental.refunds",
        },
        "rental.refunds_pk": {
            "definition": "CREATE UNIQUE INDEX refunds_pk ON rental.refunds USING btree (id)",
            "table": "rental.refunds",
        },
        "rental.rentals_currency_idx": {
            "definition": ("CREATE INDEX rentals_currency_idx ON rental.rentals USING btree (currency)"),
            "table": "rental.rentals",
        },
        "rental.rentals_customer_id_pickup_idx": {
            "definition": (
                "CREATE INDEX rentals_customer_id_pickup_idx ON rental.rentals USING btre"
                "e (customer_id, lower(period))"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_id_currency_uq": {
            "definition": (
                "CREATE UNIQUE INDEX rentals_id_currency_uq ON rental.rentals USING btree (id, currency)"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_live_vehicle_pickup_idx": {
            "definition": (
                "CREATE INDEX rentals_live_vehicle_pickup_idx ON rental.rentals USING btr"
                "ee (vehicle_id, lower(period)) INCLUDE (period) WHERE (status = ANY (ARR"
                "AY['reserved'::text, 'active'::text]))"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_no_overlap_excl": {
            "definition": (
                "CREATE INDEX rentals_no_overlap_excl ON rental.rentals USING gist (vehic"
                "le_id, period) WHERE (status = ANY (ARRAY['reserved'::text, 'active'::te"
                "xt]))"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_pickup_location_period_idx": {
            "definition": (
                "CREATE INDEX rentals_pickup_location_period_idx ON rental.rentals USING "
                "gist (pickup_location_id, period)"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_pk": {
            "definition": "CREATE UNIQUE INDEX rentals_pk ON rental.rentals USING btree (id)",
            "table": "rental.rentals",
        },
        "rental.rentals_return_location_id_idx": {
            "definition": (
                "CREATE INDEX rentals_return_location_id_idx ON rental.rentals USING btre"
                "e (return_location_id)"
            ),
            "table": "rental.rentals",
        },
        "rental.rentals_vehicle_id_pickup_idx": {
            "definition": (
                "CREATE INDEX rentals_vehicle_id_pickup_idx ON rental.rentals USING btree"
                " (vehicle_id, lower(period))"
            ),
            "table": "rental.rentals",
        },
    },
    "sequence": {
        "rental.outbox_events_sequence_no_seq": {
            "type": "bigint",
            "start": 1,
            "increment": 1,
            "min": 1,
            "max": 9223372036854775807,
            "cache": 1,
            "owned_by": "rental.outbox_events.sequence_no",
            "owner": "fleetdb_owner",
        },
    },
    "trigger": {
        "rental.charges.charges_append_only_trg": {
            "definition": (
                "CREATE TRIGGER charges_append_only_trg BEFORE DELETE OR UPDATE ON rental"
                ".charges FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.charges.charges_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER charges_no_truncate_trg BEFORE TRUNCATE ON rental.charges"
                " FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.customers.customers_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER customers_touch_updated_at_trg BEFORE UPDATE ON rental.cu"
                "stomers FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "rental.locations.locations_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER locations_touch_updated_at_trg BEFORE UPDATE ON rental.lo"
                "cations FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "rental.outbox_events.outbox_events_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER outbox_events_touch_updated_at_trg BEFORE UPDATE ON renta"
                "l.outbox_events FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "rental.payments.payments_append_only_trg": {
            "definition": (
                "CREATE TRIGGER payments_append_only_trg BEFORE DELETE OR UPDATE ON renta"
                "l.payments FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.payments.payments_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER payments_no_truncate_trg BEFORE TRUNCATE ON rental.paymen"
                "ts FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.refunds.refunds_append_only_trg": {
            "definition": (
                "CREATE TRIGGER refunds_append_only_trg BEFORE DELETE OR UPDATE ON rental"
                ".refunds FOR EACH ROW EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.refunds.refunds_no_truncate_trg": {
            "definition": (
                "CREATE TRIGGER refunds_no_truncate_trg BEFORE TRUNCATE ON rental.refunds"
                " FOR EACH STATEMENT EXECUTE FUNCTION shared.reject_mutation()"
            )
        },
        "rental.refunds.refunds_within_payment_trg": {
            "definition": (
                "CREATE TRIGGER refunds_within_payment_trg BEFORE INSERT ON rental.refund"
                "s FOR EACH ROW EXECUTE FUNCTION rental.refunds_check_within_payment()"
            )
        },
        "rental.rentals.rentals_no_maintenance_overlap_trg": {
            "definition": (
                "CREATE TRIGGER rentals_no_maintenance_overlap_trg BEFORE INSERT OR UPDAT"
                "E OF vehicle_id, period, status ON rental.rentals FOR EACH ROW EXECUTE F"
                "UNCTION rental.rentals_check_maintenance_overlap()"
            )
        },
        "rental.rentals.rentals_outbox_trg": {
            "definition": (
                "CREATE TRIGGER rentals_outbox_trg AFTER INSERT OR UPDATE OF status ON re"
                "ntal.rentals FOR EACH ROW EXECUTE FUNCTION rental.rentals_publish()"
            )
        },
        "rental.rentals.rentals_status_transition_trg": {
            "definition": (
                "CREATE TRIGGER rentals_status_transition_trg BEFORE INSERT OR UPDATE OF "
                "status ON rental.rentals FOR EACH ROW EXECUTE FUNCTION rental.rentals_ch"
                "eck_status_transition()"
            )
        },
        "rental.rentals.rentals_touch_updated_at_trg": {
            "definition": (
                "CREATE TRIGGER rentals_touch_updated_at_trg BEFORE UPDATE ON rental.rent"
                "als FOR EACH ROW EXECUTE FUNCTION shared.touch_updated_at()"
            )
        },
        "rental.rentals.rentals_vehicle_bookable_trg": {
            "definition": (
                "CREATE TRIGGER rentals_vehicle_bookable_trg BEFORE INSERT OR UPDATE OF v"
                "ehicle_id, period, status ON rental.rentals FOR EACH ROW EXECUTE FUNCTIO"
                "N rental.rentals_check_vehicle_bookable()"
            )
        },
    },
    "function": {
        (
            "rental.book(p_vehicle_id uuid, p_customer_id uuid, p_pickup_location_id "
            "uuid, p_return_location_id uuid, p_period tstzrange, p_currency characte"
            "r)"
        ): {
            "arguments": (
                "p_vehicle_id uuid, p_customer_id uuid, p_pickup_location_id uuid, p_retu"
                "rn_location_id uuid, p_period tstzrange, p_currency character"
            ),
            "returns": "uuid",
            "language": "sql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "book",
        },
        "rental.refunds_check_within_payment()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "refunds_check_within_payment",
        },
        "rental.rentals_check_maintenance_overlap()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "rentals_check_maintenance_overlap",
        },
        "rental.rentals_check_status_transition()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "rentals_check_status_transition",
        },
        "rental.rentals_check_vehicle_bookable()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "rentals_check_vehicle_bookable",
        },
        "rental.rentals_publish()": {
            "arguments": "",
            "returns": "trigger",
            "language": "plpgsql",
            "volatility": "volatile",
            "security_definer": True,
            "config": ["search_path=pg_catalog, pg_temp"],
            "owner": "fleetdb_owner",
            "name": "rentals_publish",
        },
    },
}
PRIVILEGES: dict[str, dict[str, list[str]]] = {
    "fleetdb_app": {
        "function rental.book(uuid, uuid, uuid, uuid, tstzrange, character)": ["EXECUTE"],
        "schema rental": ["USAGE"],
        "table rental.charges": ["INSERT", "SELECT"],
        "table rental.customers": ["INSERT", "SELECT", "UPDATE"],
        "table rental.inbox_processed_messages": ["INSERT", "SELECT"],
        "table rental.locations": ["SELECT"],
        "table rental.outbox_events": ["SELECT"],
        "table rental.payments": ["INSERT", "SELECT"],
        "table rental.refund_totals": ["SELECT"],
        "table rental.refunds": ["INSERT", "SELECT"],
        "table rental.rentals": ["INSERT", "SELECT", "UPDATE"],
    },
    "fleetdb_owner": {
        "function rental.book(uuid, uuid, uuid, uuid, tstzrange, character)": ["EXECUTE"],
        "function rental.refunds_check_within_payment()": ["EXECUTE"],
        "function rental.rentals_check_maintenance_overlap()": ["EXECUTE"],
        "function rental.rentals_check_status_transition()": ["EXECUTE"],
        "function rental.rentals_check_vehicle_bookable()": ["EXECUTE"],
        "function rental.rentals_publish()": ["EXECUTE"],
        "schema rental": ["CREATE", "USAGE"],
        "sequence rental.outbox_events_sequence_no_seq": ["SELECT", "UPDATE", "USAGE"],
        "table rental.charges": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
        "table rental.customers": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.inbox_processed_messages": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.locations": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.outbox_events": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.payments": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.refund_totals": [
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "table rental.refunds": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
        "table rental.rentals": ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
    },
    "fleetdb_readonly": {
        "schema rental": ["USAGE"],
        "table rental.charges": ["SELECT"],
        "table rental.customers": ["SELECT"],
        "table rental.inbox_processed_messages": ["SELECT"],
        "table rental.locations": ["SELECT"],
        "table rental.outbox_events": ["SELECT"],
        "table rental.payments": ["SELECT"],
        "table rental.refund_totals": ["SELECT"],
        "table rental.refunds": ["SELECT"],
        "table rental.rentals": ["SELECT"],
    },
    "fleetdb_relay": {
        "column rental.outbox_events.published_at": ["UPDATE"],
        "schema rental": ["USAGE"],
        "table rental.outbox_events": ["SELECT"],
    },
    "public": {},
}
CONTRACT = SchemaContract("rental", "fleetdb_owner", OBJECTS, PRIVILEGES)


@pytest.mark.parametrize("part", PARTS)
def test_rental_contract(schema_catalog: CatalogSnapshot, part: str) -> None:
    check_contract(schema_catalog, CONTRACT, part)
