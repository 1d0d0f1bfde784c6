"""Fixtures of the schema tests: a World of builders on the rolled-back ``db`` connection."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.schema.world import World


@pytest.fixture
def world(db: psycopg.Connection[Any]) -> World:
    return World(db)
