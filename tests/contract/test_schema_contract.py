"""A drafted schema contract holds on the schema it was drafted from and fails, part by part, when the
schema changes — also for the kinds this project's schema does not use yet (types, sequences, policies,
materialized views)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fleetdb.catalog import CatalogSnapshot
from fleetdb.contract import ContractFailure, refresh
from fleetdb.contract.lists import definitions_are
from fleetdb.contract.schema_contract import (
    PARTS,
    SchemaContract,
    check_contract,
    draft_contract,
    draft_objects,
    dump_contract,
    expected,
    load_contracts,
    parse_contract,
    roles_beyond_public,
    uncovered,
)
from fleetdb.errors import FleetdbError


def _drafted(snap: CatalogSnapshot, schema: str) -> SchemaContract:
    return parse_contract(draft_contract(snap, schema), f"<draft of {schema}>")


def test_a_draft_is_data_that_reads_back_as_written(snap: CatalogSnapshot) -> None:
    text = draft_contract(snap, "ct")
    assert json.loads(text)["schema"] == "ct"
    assert dump_contract(parse_contract(text, "ct.json")) == text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["objects"]["column"]["ct.pets.weight"].update(nullable=True),
            r"unknown properties \['nullable'\]",
        ),
        (lambda d: d["objects"].update(tables={}), "unknown kind 'tables'"),
        (lambda d: d.update(comment="x"), 'exactly "schema", "owner", "objects" and "privileges"'),
        (lambda d: d["privileges"].update(ct_reader={"table ct.pets": "SELECT"}), "lists of privilege names"),
        (lambda d: d.update(privileges=[["ct_reader", "SELECT"]]), "maps each role to objects"),
        (lambda d: d["privileges"].update(ct_reader={"table ct.pets": [1]}), "lists of privilege names"),
        (lambda d: d.update(objects=[]), '"objects" is not an object'),
        (lambda d: d["privileges"].update(ct_reader=["SELECT"]), "maps each role to objects"),
    ],
)
def test_a_contract_file_a_check_would_misread_is_refused(
    snap: CatalogSnapshot, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = json.loads(draft_contract(snap, "ct"))
    edit(data)
    with pytest.raises(FleetdbError, match=message):
        parse_contract(json.dumps(data), "ct.json")
    with pytest.raises(FleetdbError, match=r"ct\.json: not JSON"):
        parse_contract("{", "ct.json")


def test_a_contract_that_is_not_an_object_is_refused() -> None:
    keys = ["schema", "owner", "objects", "privileges"]  # a list of the right names is still no contract
    with pytest.raises(FleetdbError, match='exactly "schema", "owner", "objects" and "privileges"'):
        parse_contract(json.dumps(keys), "ct.json")


def test_a_file_is_named_after_its_schema(snap: CatalogSnapshot, tmp_path: Path) -> None:
    (tmp_path / "ct.json").write_text(draft_contract(snap, "ct"))
    assert set(load_contracts(tmp_path)) == {"ct"}
    (tmp_path / "ct.json").rename(tmp_path / "pets.json")
    with pytest.raises(FleetdbError, match=r"name it ct\.json"):
        load_contracts(tmp_path)


def test_a_draft_holds_on_the_schema_it_was_drafted_from(snap: CatalogSnapshot) -> None:
    contract = _drafted(snap, "ct")
    assert contract.names("type") == {"mood", "positive"}
    assert "ct.owners.owners_named" in contract.of_kind("policy")
    for part in PARTS:
        check_contract(snap, contract, part)


@pytest.mark.parametrize(
    ("ddl", "part", "fragment"),
    [
        ("CREATE DOMAIN ct.short_text AS varchar(10)", "types", "extra: [short_text]"),
        ("ALTER SEQUENCE ct.tickets INCREMENT 5", "sequences", "ct.tickets increment: have 5"),
        (
            "ALTER POLICY owners_named ON ct.owners TO ct_clerk",
            "policies",
            "ct.owners.owners_named roles: have [ct_clerk]",
        ),
        (
            "ALTER TABLE ct.owners NO FORCE ROW LEVEL SECURITY",
            "relations",
            "ct.owners rls_forced: have false",
        ),
        ("DROP MATERIALIZED VIEW ct.pet_counts", "relations", "missing: [pet_counts]"),
        (
            "ALTER TABLE ct.pets ALTER COLUMN weight SET NOT NULL",
            "columns",
            "ct.pets.weight not_null: have true",
        ),
        ("ALTER FUNCTION ct.weigh(bigint, numeric) VOLATILE", "functions", "volatility: have volatile"),
        (
            "ALTER TABLE ct.pets DISABLE TRIGGER pets_touch_trg",
            "triggers",
            "ct.pets.pets_touch_trg enabled: have D",
        ),
        ("ALTER SCHEMA ct OWNER TO ct_clerk", "schema", "ct owner: have ct_clerk"),
        (
            "GRANT TRUNCATE ON ct.pets TO ct_reader",
            "privileges",
            "table ct.pets: have ['SELECT', 'TRUNCATE']",
        ),
    ],
)
def test_the_draft_fails_when_the_schema_changes(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot, ddl: str, part: str, fragment: str
) -> None:
    contract = _drafted(snap, "ct")
    try:
        with ct.transaction(force_rollback=True):
            ct.execute(ddl)
            changed = refresh(ct)
            with pytest.raises(ContractFailure) as failure:
                check_contract(changed, contract, part)
    finally:
        refresh(ct)
    assert fragment in str(failure.value), str(failure.value)


# Each property a contract pins (schema_contract.PROPERTIES), changed alone: the failure must name it.
# Written for the harness meta-mutants that drop one property from the list (fleetdb mutate --harness).
PROPERTY_CHANGES = [
    ("ALTER TABLE ct.visits OWNER TO ct_clerk", "relations", "ct.visits owner: have"),
    ("ALTER TABLE ct.visits SET UNLOGGED", "relations", "ct.visits persistence: have"),
    ("ALTER TABLE ct.pets ENABLE ROW LEVEL SECURITY", "relations", "ct.pets rls_enabled: have"),
    ("ALTER TABLE ct.pets SET (fillfactor = 70)", "relations", "ct.pets options: have"),
    (
        "CREATE OR REPLACE VIEW ct.heavy_pets AS SELECT id, name FROM ct.pets WHERE weight > 25",
        "relations",
        "ct.heavy_pets view_definition: have",
    ),
    ("ALTER TABLE ct.visits ALTER COLUMN vet TYPE varchar(80)", "columns", "ct.visits.vet type: have"),
    (
        "ALTER TABLE ct.visits ALTER COLUMN vet SET DEFAULT 'dr. who'",
        "columns",
        "ct.visits.vet default: have",
    ),
    (
        "ALTER TABLE ct.owners ALTER COLUMN id SET GENERATED BY DEFAULT",
        "columns",
        "ct.owners.id identity: have",
    ),
    (
        "ALTER TABLE ct.visits DROP COLUMN vet,"
        " ADD COLUMN vet text GENERATED ALWAYS AS ('dr. ' || id) STORED",
        "columns",
        "ct.visits.vet generated: have",
    ),
    (
        'ALTER TABLE ct.visits ALTER COLUMN vet TYPE text COLLATE "C"',
        "columns",
        "ct.visits.vet collation: have",
    ),
    (
        "ALTER TABLE ct.pets DROP CONSTRAINT pets_weight_positive_ck,"
        " ADD CONSTRAINT pets_weight_positive_ck UNIQUE (weight)",
        "constraints",
        "pets_weight_positive_ck type: have",
    ),
    (
        "ALTER TABLE ct.pets DROP CONSTRAINT pets_weight_positive_ck,"
        " ADD CONSTRAINT pets_weight_positive_ck CHECK (weight >= 0)",
        "constraints",
        "pets_weight_positive_ck definition: have",
    ),
    (
        "ALTER TABLE ct.pets ALTER CONSTRAINT pets_owner_fk DEFERRABLE INITIALLY IMMEDIATE",
        "constraints",
        "pets_owner_fk deferrable: have",
    ),
    (
        "ALTER TABLE ct.pets ALTER CONSTRAINT pets_owner_fk DEFERRABLE INITIALLY DEFERRED",
        "constraints",
        "pets_owner_fk initially_deferred: have",
    ),
    (
        "ALTER TABLE ct.pets DROP CONSTRAINT pets_weight_positive_ck,"
        " ADD CONSTRAINT pets_weight_positive_ck CHECK (weight > 0) NOT VALID",
        "constraints",
        "pets_weight_positive_ck validated: have",
    ),
    (
        "DROP INDEX ct.pets_lower_name_idx; CREATE INDEX pets_lower_name_idx ON ct.pets (lower(name::text))",
        "indexes",
        "pets_lower_name_idx definition: have",
    ),
    (
        "UPDATE pg_index SET indisvalid = true WHERE indexrelid = 'ct.pets_broken_idx'::regclass",
        "indexes",
        "pets_broken_idx is_valid: have",
    ),
    ("ALTER SEQUENCE ct.tickets AS integer", "sequences", "ct.tickets type: have"),
    ("ALTER SEQUENCE ct.tickets START WITH 10", "sequences", "ct.tickets start: have"),
    ("ALTER SEQUENCE ct.tickets MINVALUE 0", "sequences", "ct.tickets min: have"),
    ("ALTER SEQUENCE ct.tickets MAXVALUE 1000", "sequences", "ct.tickets max: have"),
    ("ALTER SEQUENCE ct.tickets CACHE 10", "sequences", "ct.tickets cache: have"),
    ("ALTER SEQUENCE ct.tickets CYCLE", "sequences", "ct.tickets cycle: have"),
    ("ALTER SEQUENCE ct.tickets OWNED BY ct.visits.id", "sequences", "ct.tickets owned_by: have"),
    ("ALTER SEQUENCE ct.tickets OWNER TO ct_clerk", "sequences", "ct.tickets owner: have"),
    (
        "CREATE OR REPLACE TRIGGER pets_touch_trg BEFORE INSERT ON ct.pets"
        " FOR EACH ROW EXECUTE FUNCTION ct.touch()",
        "triggers",
        "pets_touch_trg definition: have",
    ),
    (  # an aggregate under the function's signature
        "DROP FUNCTION ct.weigh(bigint, numeric);"
        " CREATE FUNCTION ct.weigh_step(numeric, bigint, numeric) RETURNS numeric"
        " LANGUAGE sql AS 'SELECT 1.0';"
        " CREATE AGGREGATE ct.weigh(p_pet bigint, p_factor numeric) (sfunc = ct.weigh_step, stype = numeric)",
        "functions",
        "kind: have",
    ),
    (  # the key is the identity signature; the arguments add their defaults
        "CREATE OR REPLACE FUNCTION ct.weigh(p_pet bigint, p_factor numeric DEFAULT 1) RETURNS numeric"
        " LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = ct, pg_temp"
        " AS $$ SELECT weight * p_factor FROM ct.pets WHERE id = p_pet $$",
        "functions",
        "arguments: have",
    ),
    (
        "DROP FUNCTION ct.weigh(bigint, numeric); CREATE FUNCTION ct.weigh(p_pet bigint, p_factor numeric)"
        " RETURNS bigint LANGUAGE sql STABLE STRICT SECURITY DEFINER SET search_path = ct, pg_temp"
        " AS $$ SELECT 1::bigint $$",
        "functions",
        "returns: have",
    ),
    (
        "CREATE OR REPLACE FUNCTION ct.weigh(p_pet bigint, p_factor numeric) RETURNS numeric LANGUAGE plpgsql"
        " STABLE STRICT SECURITY DEFINER SET search_path = ct, pg_temp AS $$ BEGIN RETURN 1; END $$",
        "functions",
        "language: have",
    ),
    ("ALTER FUNCTION ct.weigh(bigint, numeric) CALLED ON NULL INPUT", "functions", "strict: have"),
    ("ALTER FUNCTION ct.weigh(bigint, numeric) SECURITY INVOKER", "functions", "security_definer: have"),
    ("ALTER FUNCTION ct.weigh(bigint, numeric) RESET search_path", "functions", "config: have"),
    ("ALTER FUNCTION ct.weigh(bigint, numeric) OWNER TO ct_clerk", "functions", "owner: have"),
    ("ALTER TYPE ct.mood ADD VALUE 'meh'", "types", "labels: have"),
    (
        "DROP DOMAIN ct.positive; CREATE DOMAIN ct.positive AS bigint CHECK (VALUE > 0)",
        "types",
        "base_type: have",
    ),
    ("ALTER DOMAIN ct.positive SET NOT NULL", "types", "not_null: have"),
    ("ALTER DOMAIN ct.positive SET DEFAULT 1", "types", "default: have"),
    ("ALTER TYPE ct.mood OWNER TO ct_clerk", "types", "owner: have"),
    (
        "DROP TYPE ct.mood CASCADE; CREATE DOMAIN ct.mood AS text",
        "types",
        "typtype: have",
    ),
    (
        "DROP POLICY owners_named ON ct.owners;"
        " CREATE POLICY owners_named ON ct.owners FOR UPDATE TO ct_reader USING (nickname IS NOT NULL)",
        "policies",
        "owners_named command: have",
    ),
    (
        "DROP POLICY owners_named ON ct.owners; CREATE POLICY owners_named ON ct.owners AS RESTRICTIVE"
        " FOR SELECT TO ct_reader USING (nickname IS NOT NULL)",
        "policies",
        "owners_named permissive: have",
    ),
    (
        "ALTER POLICY owners_named ON ct.owners USING (nickname IS NULL)",
        "policies",
        "owners_named using_expression: have",
    ),
    (
        "DROP POLICY owners_named ON ct.owners; CREATE POLICY owners_named ON ct.owners FOR ALL TO ct_reader"
        " USING (nickname IS NOT NULL) WITH CHECK (nickname <> '')",
        "policies",
        "owners_named check_expression: have",
    ),
]


@pytest.mark.parametrize(("ddl", "part", "fragment"), PROPERTY_CHANGES)
def test_the_draft_names_each_pinned_property_that_changes(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot, ddl: str, part: str, fragment: str
) -> None:
    test_the_draft_fails_when_the_schema_changes(ct, snap, ddl, part, fragment)


# The role attributes a database contract pins (tests/schema_contracts/test_database.py), changed alone.
ROLE_CHANGES = [
    ("ALTER ROLE ct_clerk SUPERUSER", "superuser"),
    ("ALTER ROLE ct_clerk NOINHERIT", "inherit"),
    ("ALTER ROLE ct_clerk CREATEROLE", "createrole"),
    ("ALTER ROLE ct_clerk CREATEDB", "createdb"),
    ("ALTER ROLE ct_clerk LOGIN", "login"),
    ("ALTER ROLE ct_clerk REPLICATION", "replication"),
    ("ALTER ROLE ct_clerk BYPASSRLS", "bypassrls"),
    ("REVOKE ct_reader FROM ct_clerk", "member_of"),
]


@pytest.mark.parametrize(("ddl", "attribute"), ROLE_CHANGES)
def test_a_role_contract_names_each_pinned_attribute_that_changes(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot, ddl: str, attribute: str
) -> None:
    roles = ["ct_clerk", "ct_reader", "ct_auditor"]
    want = expected("role", draft_objects(snap, "role", roles))
    try:
        with ct.transaction(force_rollback=True):
            ct.execute(ddl)
            changed = CatalogSnapshot({"role": {r: refresh(ct).of_kind("role")[r] for r in roles}})
            with pytest.raises(ContractFailure) as failure:
                definitions_are(changed, "role", want)
    finally:
        refresh(ct)
    assert f"ct_clerk {attribute}: have" in str(failure.value), str(failure.value)


def test_an_extension_contract_names_its_schema_when_it_moves(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot
) -> None:
    want = expected("extension", draft_objects(snap, "extension", ["btree_gist"]))
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("ALTER EXTENSION btree_gist SET SCHEMA ct")
            changed = CatalogSnapshot(
                {"extension": {"btree_gist": refresh(ct).of_kind("extension")["btree_gist"]}}
            )
            with pytest.raises(ContractFailure) as failure:
                definitions_are(changed, "extension", want)
    finally:
        refresh(ct)
    assert "btree_gist schema: have ct" in str(failure.value), str(failure.value)


def test_an_extension_contract_names_its_version_when_it_changes(snap: CatalogSnapshot) -> None:
    """The fixture's server has one version of each extension, so the newer one is the catalog's row
    as ``ALTER EXTENSION … UPDATE`` would leave it."""
    want = expected("extension", draft_objects(snap, "extension", ["btree_gist"]))
    updated = {**snap.of_kind("extension")["btree_gist"], "version": "99.0"}
    with pytest.raises(ContractFailure) as failure:
        definitions_are(CatalogSnapshot({"extension": {"btree_gist": updated}}), "extension", want)
    assert "btree_gist version: have 99.0" in str(failure.value), str(failure.value)


def test_the_roles_a_contract_must_list_are_those_beyond_public(snap: CatalogSnapshot) -> None:
    """Not the superusers (they may do anything anyway), not the roles that hold only what PUBLIC holds
    (ct_auditor inherits nothing; the template's roles hold nothing in ct)."""
    assert roles_beyond_public(snap, ["ct"]) == ["ct_clerk", "ct_reader"]


def test_a_role_the_contract_leaves_out_is_named_as_unlisted(
    ct: psycopg.Connection[Any], snap: CatalogSnapshot
) -> None:
    data = json.loads(draft_contract(snap, "ct"))
    del data["privileges"]["ct_clerk"]
    contract = parse_contract(json.dumps(data), "<ct without ct_clerk>")
    with pytest.raises(ContractFailure) as failure:
        check_contract(snap, contract, "privileges")
    message = str(failure.value)
    assert "ct_clerk" in message and "(the contract does not list this role)" in message, message
    assert message.count("(the contract does not list this role)") == 1


def test_a_contracts_tables_are_its_plain_and_partitioned_tables(ct: psycopg.Connection[Any]) -> None:
    try:
        with ct.transaction(force_rollback=True):
            ct.execute("CREATE TABLE ct.logs (at date) PARTITION BY RANGE (at)")
            contract = _drafted(refresh(ct), "ct")
    finally:
        refresh(ct)
    assert contract.tables() == ["ct.logs", "ct.owners", "ct.pets", "ct.visits"]


def test_uncovered_names_exactly_the_objects_no_contract_mentions(snap: CatalogSnapshot) -> None:
    relations = {key for key in snap.of_kind("relation") if key.startswith("ct.")}
    covered = {"relation": relations - {"ct.visits"}}
    left = [line for line in uncovered(snap, [covered]) if line.startswith("relation ct.")]
    assert left == ["relation ct.visits"]
