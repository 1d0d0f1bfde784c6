"""fleetdb and the real pgTAP agree on pass and fail, for every family the two share.

pgTAP (Debian's postgresql-15-pgtap) is installed by ``CREATE EXTENSION`` in the fixture's transaction
only, never in the plan. Each pair runs the fleetdb assertion and pgTAP's function against the same
database, and both must give the outcome the pair expects — so failing cases are compared too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

import fleetdb.contract as c
from fleetdb.contract import ContractFailure

Pair = tuple[bool, Callable[..., Any], tuple[Any, ...], dict[str, Any], str]
QUERY_ASSERTIONS = {c.results_eq, c.set_eq, c.bag_eq, c.is_empty, c.isnt_empty, c.throws_ok, c.lives_ok}
WEIGH = ["bigint", "numeric"]
W = "ARRAY['bigint','numeric']::name[]"
OVERLAP = "INSERT INTO ct.pets (owner_id, name, stay) VALUES (1, 'rex2', '[2026-01-02,2026-01-03)')"
NAMES = "SELECT name::text FROM ct.pets ORDER BY id"

PAIRS: list[Pair] = [
    # existence
    (True, c.has_schema, ("ct",), {}, "has_schema('ct'::name, 'd')"),
    (False, c.has_schema, ("nope",), {}, "has_schema('nope'::name, 'd')"),
    (True, c.hasnt_schema, ("nope",), {}, "hasnt_schema('nope'::name, 'd')"),
    (False, c.hasnt_schema, ("ct",), {}, "hasnt_schema('ct'::name, 'd')"),
    (True, c.has_table, ("ct.owners",), {}, "has_table('ct'::name, 'owners'::name, 'd')"),
    (False, c.has_table, ("ct.owner",), {}, "has_table('ct'::name, 'owner'::name, 'd')"),
    (False, c.has_table, ("ct.heavy_pets",), {}, "has_table('ct'::name, 'heavy_pets'::name, 'd')"),
    (True, c.hasnt_table, ("ct.owner",), {}, "hasnt_table('ct'::name, 'owner'::name, 'd')"),
    (False, c.hasnt_table, ("ct.owners",), {}, "hasnt_table('ct'::name, 'owners'::name, 'd')"),
    (True, c.has_view, ("ct.heavy_pets",), {}, "has_view('ct'::name, 'heavy_pets'::name, 'd')"),
    (False, c.has_view, ("ct.pets",), {}, "has_view('ct'::name, 'pets'::name, 'd')"),
    (True, c.hasnt_view, ("ct.pets",), {}, "hasnt_view('ct'::name, 'pets'::name, 'd')"),
    (True, c.has_materialized_view, ("ct.pet_counts",), {}, "has_materialized_view('ct', 'pet_counts', 'd')"),
    (
        False,
        c.has_materialized_view,
        ("ct.heavy_pets",),
        {},
        "has_materialized_view('ct', 'heavy_pets', 'd')",
    ),
    (True, c.has_column, ("ct.owners", "email"), {}, "has_column('ct', 'owners', 'email', 'd')"),
    (False, c.has_column, ("ct.owners", "emails"), {}, "has_column('ct', 'owners', 'emails', 'd')"),
    (True, c.hasnt_column, ("ct.owners", "emails"), {}, "hasnt_column('ct', 'owners', 'emails', 'd')"),
    (False, c.hasnt_column, ("ct.owners", "email"), {}, "hasnt_column('ct', 'owners', 'email', 'd')"),
    (True, c.has_sequence, ("ct.tickets",), {}, "has_sequence('ct'::name, 'tickets'::name, 'd')"),
    (False, c.has_sequence, ("ct.ticket",), {}, "has_sequence('ct'::name, 'ticket'::name, 'd')"),
    (True, c.has_type, ("ct.mood",), {}, "has_type('ct'::name, 'mood'::name, 'd')"),
    (False, c.has_type, ("ct.moods",), {}, "has_type('ct'::name, 'moods'::name, 'd')"),
    (True, c.has_enum, ("ct.mood",), {}, "has_enum('ct'::name, 'mood'::name, 'd')"),
    (False, c.has_enum, ("ct.positive",), {}, "has_enum('ct'::name, 'positive'::name, 'd')"),
    (True, c.has_domain, ("ct.positive",), {}, "has_domain('ct'::name, 'positive'::name, 'd')"),
    (False, c.has_domain, ("ct.mood",), {}, "has_domain('ct'::name, 'mood'::name, 'd')"),
    (
        True,
        c.has_index,
        ("ct.pets", "pets_lower_name_idx"),
        {},
        "has_index('ct', 'pets', 'pets_lower_name_idx', 'd')",
    ),
    (False, c.has_index, ("ct.pets", "pets_name_idx"), {}, "has_index('ct', 'pets', 'pets_name_idx', 'd')"),
    (
        True,
        c.has_index,
        ("ct.pets", "pets_name_uq", ["owner_id", "name"]),
        {},
        "has_index('ct', 'pets', 'pets_name_uq', ARRAY['owner_id', 'name']::name[], 'd')",
    ),
    (
        False,
        c.has_index,
        ("ct.pets", "pets_name_uq", ["name", "owner_id"]),
        {},
        "has_index('ct', 'pets', 'pets_name_uq', ARRAY['name', 'owner_id']::name[], 'd')",
    ),
    (
        True,
        c.has_trigger,
        ("ct.pets", "pets_touch_trg"),
        {},
        "has_trigger('ct', 'pets', 'pets_touch_trg'::name, 'd')",
    ),
    (
        False,
        c.has_trigger,
        ("ct.owners", "pets_touch_trg"),
        {},
        "has_trigger('ct', 'owners', 'pets_touch_trg'::name, 'd')",
    ),
    (True, c.has_function, ("ct.weigh", WEIGH), {}, f"has_function('ct', 'weigh', {W}, 'd')"),
    (
        False,
        c.has_function,
        ("ct.weigh", ["integer"]),
        {},
        "has_function('ct', 'weigh', ARRAY['integer']::name[], 'd')",
    ),
    (
        True,
        c.hasnt_function,
        ("ct.weigh", ["integer"]),
        {},
        "hasnt_function('ct', 'weigh', ARRAY['integer']::name[], 'd')",
    ),
    (True, c.has_extension, ("btree_gist",), {}, "has_extension('btree_gist'::name, 'd')"),
    (False, c.has_extension, ("postgis",), {}, "has_extension('postgis'::name, 'd')"),
    (True, c.has_role, ("ct_reader",), {}, "has_role('ct_reader'::name, 'd')"),
    (False, c.has_role, ("ct_writer",), {}, "has_role('ct_writer'::name, 'd')"),
    (True, c.hasnt_role, ("ct_writer",), {}, "hasnt_role('ct_writer'::name, 'd')"),
    # lists
    (
        True,
        c.tables_are,
        ("ct", ["owners", "pets", "visits"]),
        {},
        "tables_are('ct', ARRAY['owners', 'pets', 'visits']::name[], 'd')",
    ),
    (
        False,
        c.tables_are,
        ("ct", ["owners", "pets", "vets"]),
        {},
        "tables_are('ct', ARRAY['owners', 'pets', 'vets']::name[], 'd')",
    ),
    (True, c.views_are, ("ct", ["heavy_pets"]), {}, "views_are('ct', ARRAY['heavy_pets']::name[], 'd')"),
    (False, c.views_are, ("ct", []), {}, "views_are('ct', '{}'::name[], 'd')"),
    (
        True,
        c.materialized_views_are,
        ("ct", ["pet_counts"]),
        {},
        "materialized_views_are('ct', ARRAY['pet_counts']::name[], 'd')",
    ),
    (
        True,
        c.sequences_are,
        ("ct", ["tickets", "owners_id_seq", "pets_id_seq"]),
        {},
        "sequences_are('ct', ARRAY['tickets', 'owners_id_seq', 'pets_id_seq']::name[], 'd')",
    ),
    (False, c.sequences_are, ("ct", ["tickets"]), {}, "sequences_are('ct', ARRAY['tickets']::name[], 'd')"),
    (
        True,
        c.columns_are,
        ("ct.visits", ["id", "pet_id", "vet"]),
        {},
        "columns_are('ct', 'visits', ARRAY['id', 'pet_id', 'vet']::name[], 'd')",
    ),
    (
        False,
        c.columns_are,
        ("ct.visits", ["id", "pet_id"]),
        {},
        "columns_are('ct', 'visits', ARRAY['id', 'pet_id']::name[], 'd')",
    ),
    (
        True,
        c.indexes_are,
        ("ct.visits", ["visits_pkey"]),
        {},
        "indexes_are('ct', 'visits', ARRAY['visits_pkey']::name[], 'd')",
    ),
    (
        False,
        c.indexes_are,
        ("ct.pets", ["pets_pk"]),
        {},
        "indexes_are('ct', 'pets', ARRAY['pets_pk']::name[], 'd')",
    ),
    (
        True,
        c.triggers_are,
        ("ct.pets", ["pets_touch_trg", "pets_check_trg"]),
        {},
        "triggers_are('ct', 'pets', ARRAY['pets_touch_trg', 'pets_check_trg']::name[], 'd')",
    ),
    (
        False,
        c.triggers_are,
        ("ct.pets", ["pets_touch_trg"]),
        {},
        "triggers_are('ct', 'pets', ARRAY['pets_touch_trg']::name[], 'd')",
    ),
    (
        True,
        c.functions_are,
        ("ct", ["touch", "weigh"]),
        {},
        "functions_are('ct', ARRAY['touch', 'weigh']::name[], 'd')",
    ),
    (False, c.functions_are, ("ct", ["touch"]), {}, "functions_are('ct', ARRAY['touch']::name[], 'd')"),
    (True, c.enums_are, ("ct", ["mood"]), {}, "enums_are('ct', ARRAY['mood']::name[], 'd')"),
    (
        False,
        c.enums_are,
        ("ct", ["mood", "colour"]),
        {},
        "enums_are('ct', ARRAY['mood', 'colour']::name[], 'd')",
    ),
    (True, c.domains_are, ("ct", ["positive"]), {}, "domains_are('ct', ARRAY['positive']::name[], 'd')"),
    (False, c.domains_are, ("ct", []), {}, "domains_are('ct', '{}'::name[], 'd')"),
    (
        True,
        c.enum_has_labels,
        ("ct.mood", ["sad", "ok", "happy"]),
        {},
        "enum_has_labels('ct', 'mood', ARRAY['sad', 'ok', 'happy']::name[], 'd')",
    ),
    (
        False,
        c.enum_has_labels,
        ("ct.mood", ["sad", "happy", "ok"]),
        {},
        "enum_has_labels('ct', 'mood', ARRAY['sad', 'happy', 'ok']::name[], 'd')",
    ),
    (
        True,
        c.policies_are,
        ("ct.owners", ["owners_named"]),
        {},
        "policies_are('ct', 'owners', ARRAY['owners_named']::name[], 'd')",
    ),
    (
        False,
        c.policies_are,
        ("ct.owners", ["owners_all"]),
        {},
        "policies_are('ct', 'owners', ARRAY['owners_all']::name[], 'd')",
    ),
    # columns
    (
        True,
        c.col_type_is,
        ("ct.pets", "name", "character varying(40)"),
        {},
        "col_type_is('ct', 'pets', 'name', 'character varying(40)', 'd')",
    ),
    (False, c.col_type_is, ("ct.pets", "name", "text"), {}, "col_type_is('ct', 'pets', 'name', 'text', 'd')"),
    (True, c.col_not_null, ("ct.owners", "email"), {}, "col_not_null('ct', 'owners', 'email', 'd')"),
    (False, c.col_not_null, ("ct.owners", "nickname"), {}, "col_not_null('ct', 'owners', 'nickname', 'd')"),
    (True, c.col_is_null, ("ct.owners", "nickname"), {}, "col_is_null('ct', 'owners', 'nickname', 'd')"),
    (False, c.col_is_null, ("ct.owners", "email"), {}, "col_is_null('ct', 'owners', 'email', 'd')"),
    (True, c.col_has_default, ("ct.owners", "mood"), {}, "col_has_default('ct', 'owners', 'mood', 'd')"),
    (False, c.col_has_default, ("ct.owners", "email"), {}, "col_has_default('ct', 'owners', 'email', 'd')"),
    (
        True,
        c.col_hasnt_default,
        ("ct.owners", "email"),
        {},
        "col_hasnt_default('ct', 'owners', 'email', 'd')",
    ),
    (False, c.col_hasnt_default, ("ct.owners", "mood"), {}, "col_hasnt_default('ct', 'owners', 'mood', 'd')"),
    (
        True,
        c.col_default_is,
        ("ct.owners", "joined_at", "now()"),
        {},
        "col_default_is('ct', 'owners', 'joined_at', 'now()'::text, 'd')",
    ),
    (
        False,
        c.col_default_is,
        ("ct.owners", "joined_at", "clock_timestamp()"),
        {},
        "col_default_is('ct', 'owners', 'joined_at', 'clock_timestamp()'::text, 'd')",
    ),
    (True, c.col_is_pk, ("ct.owners", "id"), {}, "col_is_pk('ct', 'owners', 'id'::name, 'd')"),
    (False, c.col_is_pk, ("ct.owners", "email"), {}, "col_is_pk('ct', 'owners', 'email'::name, 'd')"),
    (True, c.col_isnt_pk, ("ct.owners", "email"), {}, "col_isnt_pk('ct', 'owners', 'email'::name, 'd')"),
    (
        True,
        c.col_is_unique,
        ("ct.pets", ["owner_id", "name"]),
        {},
        "col_is_unique('ct', 'pets', ARRAY['owner_id', 'name']::name[], 'd')",
    ),
    (
        False,
        c.col_is_unique,
        ("ct.pets", ["name"]),
        {},
        "col_is_unique('ct', 'pets', ARRAY['name']::name[], 'd')",
    ),
    (True, c.col_is_fk, ("ct.pets", "owner_id"), {}, "col_is_fk('ct', 'pets', 'owner_id'::name, 'd')"),
    (False, c.col_is_fk, ("ct.owners", "email"), {}, "col_is_fk('ct', 'owners', 'email'::name, 'd')"),
    (True, c.col_isnt_fk, ("ct.owners", "email"), {}, "col_isnt_fk('ct', 'owners', 'email'::name, 'd')"),
    (False, c.col_isnt_fk, ("ct.visits", "pet_id"), {}, "col_isnt_fk('ct', 'visits', 'pet_id'::name, 'd')"),
    # constraints
    (True, c.has_pk, ("ct.owners",), {}, "has_pk('ct', 'owners', 'd')"),
    (False, c.has_pk, ("ct.heavy_pets",), {}, "has_pk('ct', 'heavy_pets', 'd')"),
    (True, c.hasnt_pk, ("ct.heavy_pets",), {}, "hasnt_pk('ct', 'heavy_pets', 'd')"),
    (False, c.hasnt_pk, ("ct.owners",), {}, "hasnt_pk('ct', 'owners', 'd')"),
    (True, c.has_fk, ("ct.pets",), {}, "has_fk('ct', 'pets', 'd')"),
    (False, c.has_fk, ("ct.owners",), {}, "has_fk('ct', 'owners', 'd')"),
    (True, c.hasnt_fk, ("ct.owners",), {}, "hasnt_fk('ct', 'owners', 'd')"),
    (
        True,
        c.fk_ok,
        ("ct.pets", "owner_id", "ct.owners", "id"),
        {},
        "fk_ok('ct', 'pets', 'owner_id'::name, 'ct', 'owners', 'id'::name, 'd')",
    ),
    (
        False,
        c.fk_ok,
        ("ct.visits", "pet_id", "ct.owners", "id"),
        {},
        "fk_ok('ct', 'visits', 'pet_id'::name, 'ct', 'owners', 'id'::name, 'd')",
    ),
    (True, c.has_check, ("ct.pets",), {}, "has_check('ct', 'pets', 'd')"),
    (False, c.has_check, ("ct.owners",), {}, "has_check('ct', 'owners', 'd')"),
    (True, c.has_unique, ("ct.owners",), {}, "has_unique('ct', 'owners', 'd')"),
    (False, c.has_unique, ("ct.visits",), {}, "has_unique('ct', 'visits', 'd')"),
    # indexes
    (
        True,
        c.index_is_unique,
        ("ct.pets", "pets_name_uq"),
        {},
        "index_is_unique('ct', 'pets', 'pets_name_uq', 'd')",
    ),
    (
        False,
        c.index_is_unique,
        ("ct.pets", "pets_lower_name_idx"),
        {},
        "index_is_unique('ct', 'pets', 'pets_lower_name_idx', 'd')",
    ),
    (True, c.index_is_primary, ("ct.pets", "pets_pk"), {}, "index_is_primary('ct', 'pets', 'pets_pk', 'd')"),
    (
        False,
        c.index_is_primary,
        ("ct.pets", "pets_name_uq"),
        {},
        "index_is_primary('ct', 'pets', 'pets_name_uq', 'd')",
    ),
    (
        True,
        c.index_is_type,
        ("ct.pets", "pets_no_double_stay_excl", "gist"),
        {},
        "index_is_type('ct', 'pets', 'pets_no_double_stay_excl', 'gist', 'd')",
    ),
    (
        False,
        c.index_is_type,
        ("ct.pets", "pets_pk", "hash"),
        {},
        "index_is_type('ct', 'pets', 'pets_pk', 'hash', 'd')",
    ),
    # triggers and functions
    (
        True,
        c.trigger_is,
        ("ct.pets", "pets_touch_trg", "ct.touch"),
        {},
        "trigger_is('ct', 'pets', 'pets_touch_trg', 'ct', 'touch', 'd')",
    ),
    (
        False,
        c.trigger_is,
        ("ct.pets", "pets_touch_trg", "ct.weigh"),
        {},
        "trigger_is('ct', 'pets', 'pets_touch_trg', 'ct', 'weigh', 'd')",
    ),
    (
        True,
        c.function_returns,
        ("ct.weigh", WEIGH, "numeric"),
        {},
        f"function_returns('ct', 'weigh', {W}, 'numeric', 'd')",
    ),
    (
        False,
        c.function_returns,
        ("ct.weigh", WEIGH, "integer"),
        {},
        f"function_returns('ct', 'weigh', {W}, 'integer', 'd')",
    ),
    (
        True,
        c.function_lang_is,
        ("ct.weigh", WEIGH, "sql"),
        {},
        f"function_lang_is('ct', 'weigh', {W}, 'sql', 'd')",
    ),
    (
        False,
        c.function_lang_is,
        ("ct.weigh", WEIGH, "plpgsql"),
        {},
        f"function_lang_is('ct', 'weigh', {W}, 'plpgsql', 'd')",
    ),
    (
        True,
        c.volatility_is,
        ("ct.weigh", WEIGH, "stable"),
        {},
        f"volatility_is('ct', 'weigh', {W}, 'stable', 'd')",
    ),
    (
        False,
        c.volatility_is,
        ("ct.weigh", WEIGH, "volatile"),
        {},
        f"volatility_is('ct', 'weigh', {W}, 'volatile', 'd')",
    ),
    (True, c.is_definer, ("ct.weigh", WEIGH), {}, f"is_definer('ct', 'weigh', {W}, 'd')"),
    (False, c.is_definer, ("ct.touch", []), {}, "is_definer('ct', 'touch', '{}'::name[], 'd')"),
    (True, c.isnt_definer, ("ct.touch", []), {}, "isnt_definer('ct', 'touch', '{}'::name[], 'd')"),
    (False, c.isnt_definer, ("ct.weigh", WEIGH), {}, f"isnt_definer('ct', 'weigh', {W}, 'd')"),
    (True, c.is_strict, ("ct.weigh", WEIGH), {}, f"is_strict('ct', 'weigh', {W}, 'd')"),
    (False, c.is_strict, ("ct.touch", []), {}, "is_strict('ct', 'touch', '{}'::name[], 'd')"),
    # privileges, ownership, roles, policies
    (
        True,
        c.table_privs_are,
        ("ct.owners", "ct_clerk", ["SELECT", "INSERT"]),
        {},
        "table_privs_are('ct', 'owners', 'ct_clerk', ARRAY['SELECT', 'INSERT']::name[], 'd')",
    ),
    (
        False,
        c.table_privs_are,
        ("ct.owners", "ct_auditor", ["SELECT"]),
        {},
        "table_privs_are('ct', 'owners', 'ct_auditor', ARRAY['SELECT']::name[], 'd')",
    ),
    (
        True,
        c.table_privs_are,
        (
            "ct.owners",
            "postgres",
            ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"],
        ),
        {},
        "table_privs_are('ct', 'owners', 'postgres', "
        "ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']::name[], 'd')",
    ),
    (
        True,
        c.column_privs_are,
        ("ct.owners", "nickname", "ct_clerk", ["SELECT", "INSERT", "UPDATE"]),
        {},
        "column_privs_are('ct', 'owners', 'nickname', 'ct_clerk', "
        "ARRAY['SELECT', 'INSERT', 'UPDATE']::name[], 'd')",
    ),
    (
        False,
        c.column_privs_are,
        ("ct.owners", "email", "ct_clerk", ["SELECT", "INSERT", "UPDATE"]),
        {},
        "column_privs_are('ct', 'owners', 'email', 'ct_clerk', "
        "ARRAY['SELECT', 'INSERT', 'UPDATE']::name[], 'd')",
    ),
    (
        True,
        c.schema_privs_are,
        ("ct", "ct_clerk", ["USAGE"]),
        {},
        "schema_privs_are('ct', 'ct_clerk', ARRAY['USAGE']::name[], 'd')",
    ),
    (
        False,
        c.schema_privs_are,
        ("ct", "ct_clerk", ["USAGE", "CREATE"]),
        {},
        "schema_privs_are('ct', 'ct_clerk', ARRAY['USAGE', 'CREATE']::name[], 'd')",
    ),
    (
        True,
        c.sequence_privs_are,
        ("ct.tickets", "ct_clerk", ["USAGE"]),
        {},
        "sequence_privs_are('ct', 'tickets', 'ct_clerk', ARRAY['USAGE']::name[], 'd')",
    ),
    (
        False,
        c.sequence_privs_are,
        ("ct.tickets", "ct_reader", ["USAGE"]),
        {},
        "sequence_privs_are('ct', 'tickets', 'ct_reader', ARRAY['USAGE']::name[], 'd')",
    ),
    (
        True,
        c.function_privs_are,
        ("ct.weigh", WEIGH, "ct_clerk", ["EXECUTE"]),
        {},
        f"function_privs_are('ct', 'weigh', {W}, 'ct_clerk', ARRAY['EXECUTE']::name[], 'd')",
    ),
    (
        False,
        c.function_privs_are,
        ("ct.weigh", WEIGH, "ct_reader", ["EXECUTE"]),
        {},
        f"function_privs_are('ct', 'weigh', {W}, 'ct_reader', ARRAY['EXECUTE']::name[], 'd')",
    ),
    (
        True,
        c.function_privs_are,
        ("ct.touch", [], "ct_reader", ["EXECUTE"]),
        {},
        "function_privs_are('ct', 'touch', '{}'::name[], 'ct_reader', ARRAY['EXECUTE']::name[], 'd')",
    ),
    (
        True,
        c.is_member_of,
        ("ct_reader", ["ct_clerk", "ct_auditor"]),
        {},
        "is_member_of('ct_reader', ARRAY['ct_clerk', 'ct_auditor']::name[], 'd')",
    ),
    (
        False,
        c.is_member_of,
        ("ct_clerk", ["ct_reader"]),
        {},
        "is_member_of('ct_clerk', ARRAY['ct_reader']::name[], 'd')",
    ),
    (True, c.is_superuser, ("postgres",), {}, "is_superuser('postgres', 'd')"),
    (False, c.is_superuser, ("ct_reader",), {}, "is_superuser('ct_reader', 'd')"),
    (True, c.isnt_superuser, ("ct_reader",), {}, "isnt_superuser('ct_reader', 'd')"),
    (True, c.schema_owner_is, ("ct", "postgres"), {}, "schema_owner_is('ct', 'postgres', 'd')"),
    (False, c.schema_owner_is, ("ct", "ct_clerk"), {}, "schema_owner_is('ct', 'ct_clerk', 'd')"),
    (
        True,
        c.table_owner_is,
        ("ct.owners", "postgres"),
        {},
        "table_owner_is('ct', 'owners', 'postgres', 'd')",
    ),
    (
        False,
        c.table_owner_is,
        ("ct.owners", "ct_clerk"),
        {},
        "table_owner_is('ct', 'owners', 'ct_clerk', 'd')",
    ),
    (
        True,
        c.view_owner_is,
        ("ct.heavy_pets", "postgres"),
        {},
        "view_owner_is('ct', 'heavy_pets', 'postgres', 'd')",
    ),
    (
        False,
        c.view_owner_is,
        ("ct.heavy_pets", "ct_clerk"),
        {},
        "view_owner_is('ct', 'heavy_pets', 'ct_clerk', 'd')",
    ),
    (
        True,
        c.sequence_owner_is,
        ("ct.tickets", "postgres"),
        {},
        "sequence_owner_is('ct', 'tickets', 'postgres', 'd')",
    ),
    (
        False,
        c.sequence_owner_is,
        ("ct.tickets", "ct_reader"),
        {},
        "sequence_owner_is('ct', 'tickets', 'ct_reader', 'd')",
    ),
    (True, c.type_owner_is, ("ct.mood", "postgres"), {}, "type_owner_is('ct', 'mood', 'postgres', 'd')"),
    (False, c.type_owner_is, ("ct.mood", "ct_reader"), {}, "type_owner_is('ct', 'mood', 'ct_reader', 'd')"),
    (
        True,
        c.function_owner_is,
        ("ct.weigh", WEIGH, "postgres"),
        {},
        f"function_owner_is('ct', 'weigh', {W}, 'postgres', 'd')",
    ),
    (
        False,
        c.function_owner_is,
        ("ct.weigh", WEIGH, "ct_clerk"),
        {},
        f"function_owner_is('ct', 'weigh', {W}, 'ct_clerk', 'd')",
    ),
    (
        True,
        c.policy_roles_are,
        ("ct.owners", "owners_named", ["ct_reader"]),
        {},
        "policy_roles_are('ct', 'owners', 'owners_named', ARRAY['ct_reader']::name[], 'd')",
    ),
    (
        False,
        c.policy_roles_are,
        ("ct.owners", "owners_named", ["ct_clerk"]),
        {},
        "policy_roles_are('ct', 'owners', 'owners_named', ARRAY['ct_clerk']::name[], 'd')",
    ),
    (
        True,
        c.policy_cmd_is,
        ("ct.owners", "owners_named", "select"),
        {},
        "policy_cmd_is('ct', 'owners', 'owners_named'::name, 'select', 'd')",
    ),
    (
        False,
        c.policy_cmd_is,
        ("ct.owners", "owners_named", "update"),
        {},
        "policy_cmd_is('ct', 'owners', 'owners_named'::name, 'update', 'd')",
    ),
    # results
    (
        True,
        c.results_eq,
        (NAMES, "VALUES ('rex'), ('tom'), ('kit')"),
        {},
        f"results_eq('{NAMES}', $$VALUES ('rex'), ('tom'), ('kit')$$, 'd')",
    ),
    (
        False,
        c.results_eq,
        (NAMES, "VALUES ('rex'), ('kit'), ('tom')"),
        {},
        f"results_eq('{NAMES}', $$VALUES ('rex'), ('kit'), ('tom')$$, 'd')",
    ),
    (
        True,
        c.set_eq,
        ("SELECT owner_id FROM ct.pets", "VALUES (2::bigint), (1)"),
        {},
        "set_eq('SELECT owner_id FROM ct.pets', 'VALUES (2::bigint), (1)', 'd')",
    ),
    (
        False,
        c.set_eq,
        ("SELECT owner_id FROM ct.pets", "VALUES (2::bigint), (3)"),
        {},
        "set_eq('SELECT owner_id FROM ct.pets', 'VALUES (2::bigint), (3)', 'd')",
    ),
    (
        True,
        c.bag_eq,
        ("SELECT owner_id FROM ct.pets", "VALUES (2::bigint), (1), (1)"),
        {},
        "bag_eq('SELECT owner_id FROM ct.pets', 'VALUES (2::bigint), (1), (1)', 'd')",
    ),
    (
        False,
        c.bag_eq,
        ("SELECT owner_id FROM ct.pets", "VALUES (2::bigint), (2), (1)"),
        {},
        "bag_eq('SELECT owner_id FROM ct.pets', 'VALUES (2::bigint), (2), (1)', 'd')",
    ),
    (True, c.is_empty, ("SELECT * FROM ct.visits",), {}, "is_empty('SELECT * FROM ct.visits', 'd')"),
    (False, c.is_empty, ("SELECT * FROM ct.pets",), {}, "is_empty('SELECT * FROM ct.pets', 'd')"),
    (True, c.isnt_empty, ("SELECT * FROM ct.pets",), {}, "isnt_empty('SELECT * FROM ct.pets', 'd')"),
    (False, c.isnt_empty, ("SELECT * FROM ct.visits",), {}, "isnt_empty('SELECT * FROM ct.visits', 'd')"),
    # exceptions
    (True, c.throws_ok, (OVERLAP,), {"sqlstate": "23P01"}, f"throws_ok($${OVERLAP}$$, '23P01', NULL, 'd')"),
    (False, c.throws_ok, (OVERLAP,), {"sqlstate": "23505"}, f"throws_ok($${OVERLAP}$$, '23505', NULL, 'd')"),
    (
        True,
        c.throws_ok,
        ("SELECT 1/0",),
        {"sqlstate": "22012", "message": "division by zero"},
        "throws_ok('SELECT 1/0', '22012', 'division by zero', 'd')",
    ),
    (False, c.throws_ok, ("SELECT 1",), {"sqlstate": "22012"}, "throws_ok('SELECT 1', '22012', NULL, 'd')"),
    (True, c.lives_ok, ("SELECT 1",), {}, "lives_ok('SELECT 1', 'd')"),
    (False, c.lives_ok, (OVERLAP,), {}, f"lives_ok($${OVERLAP}$$, 'd')"),
]


def _pair_id(pair: Pair) -> str:
    expected, fn, args, _, _ = pair
    return f"{fn.__name__}-{'passes' if expected else 'fails'}-{'-'.join(map(str, args))[:50]}"


def _pgtap_ok(conn: psycopg.Connection[Any], call: str) -> tuple[bool, str]:
    with conn.transaction(force_rollback=True):
        row = conn.execute(f"SELECT {call}").fetchone()
    text = str(row[0]) if row else ""
    return text.startswith("ok"), text


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_fleetdb_and_pgtap_agree(ct: psycopg.Connection[Any], pair: Pair) -> None:
    expected, fn, args, kwargs, pgtap_call = pair
    try:
        fn(ct if fn in QUERY_ASSERTIONS else c.catalog(ct), *args, **kwargs)
        fleetdb_ok, fleetdb_text = True, ""
    except ContractFailure as failure:
        fleetdb_ok, fleetdb_text = False, str(failure)
    pgtap_ok, pgtap_text = _pgtap_ok(ct, pgtap_call)
    assert (fleetdb_ok, pgtap_ok) == (expected, expected), (
        f"pgTAP said:\n{pgtap_text}\nfleetdb said:\n{fleetdb_text}"
    )


def test_every_shared_family_is_cross_checked_both_ways() -> None:
    outcomes: dict[str, set[bool]] = {}
    for expected, fn, *_ in PAIRS:
        outcomes.setdefault(fn.__name__, set()).add(expected)
    families = {
        "has_table",
        "tables_are",
        "columns_are",
        "indexes_are",
        "triggers_are",
        "functions_are",
        "enums_are",
        "col_type_is",
        "col_not_null",
        "col_default_is",
        "col_is_pk",
        "col_is_unique",
        "col_is_fk",
        "has_pk",
        "fk_ok",
        "has_check",
        "has_unique",
        "index_is_unique",
        "index_is_type",
        "trigger_is",
        "function_returns",
        "volatility_is",
        "is_definer",
        "table_privs_are",
        "column_privs_are",
        "schema_privs_are",
        "sequence_privs_are",
        "function_privs_are",
        "is_member_of",
        "table_owner_is",
        "function_owner_is",
        "policy_roles_are",
        "results_eq",
        "set_eq",
        "bag_eq",
        "is_empty",
        "throws_ok",
        "lives_ok",
    }
    assert {name for name in families if outcomes.get(name) != {True, False}} == set()
