"""The hand-over of a prepared database to a pytest process: a tool (``fleetdb mutate``) prepares a server
and a template, and the pytest plugin uses them instead of starting and deploying its own.

Both sides live here, so the way they talk (two environment variables today) changes in one place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from fleetdb.databases import Database
from fleetdb.instance import Instance

_SERVER = "FLEETDB_SERVER"  # conninfo of the running server
_TEMPLATE = "FLEETDB_TEMPLATE"  # name of the deployed template database on it


def handoff_environment(template: Database) -> dict[str, str]:
    """The variables that make a pytest child run its scenarios against ``template``."""
    return {_SERVER: template.instance.conninfo("postgres"), _TEMPLATE: template.name}


def handed_over_server(environ: Mapping[str, str] = os.environ) -> Instance | None:
    """The server a parent process handed over, if any."""
    conninfo = environ.get(_SERVER)
    return Instance.external(conninfo) if conninfo else None


def handed_over_template(instance: Instance, environ: Mapping[str, str] = os.environ) -> Database | None:
    """The deployed template a parent process handed over, if any."""
    name = environ.get(_TEMPLATE)
    return Database(instance, name) if name else None


def without_handoff(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` minus the hand-over, for a child that must start its own server."""
    return {key: value for key, value in environ.items() if key not in (_SERVER, _TEMPLATE)}
