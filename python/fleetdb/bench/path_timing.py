"""One read path timed: its server execution time (EXPLAIN ANALYZE) and its client round trip, over
parameter samples drawn from the data. The read-path section and the exclusion-index churn rows both
time paths this way."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from fleetdb.bench.core import percentile
from fleetdb.plans.paths import ReadPath
from fleetdb.plans.review import sample_params


@dataclass(frozen=True)
class PathTiming:
    name: str
    samples: int
    p50_ms: float
    p95_ms: float
    client_p50_ms: float
    client_p95_ms: float


def _server_ms(conn: psycopg.Connection[Any], path: ReadPath, params: dict[str, Any]) -> float:
    statement = sql.SQL("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {}").format(sql.SQL(path.sql))
    row = conn.execute(statement, params).fetchone()
    return float(row[0][0]["Execution Time"]) if row else float("nan")


def _client_ms(conn: psycopg.Connection[Any], path: ReadPath, params: dict[str, Any]) -> float:
    started = time.perf_counter()
    conn.execute(sql.SQL(path.sql), params, prepare=True).fetchall()
    return (time.perf_counter() - started) * 1000


def measure_path(conn: psycopg.Connection[Any], path: ReadPath, samples: int = 100) -> PathTiming:
    """Run the path once per parameter sample (after one warm-up pass), in rolled-back transactions."""
    params_list = sample_params(conn, path, samples)
    server: list[float] = []
    client: list[float] = []
    with conn.transaction(force_rollback=True):
        for params in params_list:  # warm-up: the first touch reads pages from disk
            _server_ms(conn, path, params)
        for params in params_list:
            server.append(_server_ms(conn, path, params))
            client.append(_client_ms(conn, path, params))
    return PathTiming(
        path.name,
        len(params_list),
        percentile(server, 0.5),
        percentile(server, 0.95),
        percentile(client, 0.5),
        percentile(client, 0.95),
    )
