"""The hand-over of a prepared lab to a pytest process: a tool (``fleetdb mutate``, ``fleetdb contracts``,
``fleetdb rehearse``) prepares a server and a template, and the pytest plugin uses them instead of
starting and deploying its own.

The child receives one serialised value, ``FLEETDB_LAB`` (``Lab.serialise``): the project as sqitch read
it, the server's target and the template's name. Both sides live here, so the way they talk changes in
one place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from fleetdb.databases import Database
from fleetdb.lab import Lab

_LAB = "FLEETDB_LAB"


def handoff_environment(lab: Lab, template: Database | None = None) -> dict[str, str]:
    """The variable that makes a pytest child use ``lab`` (and run against ``template``, if given)."""
    return {_LAB: lab.serialise(template)}


def handed_over_lab(environ: Mapping[str, str] = os.environ) -> Lab | None:
    """The lab a parent process handed over, if any; this process never stops its server."""
    text = environ.get(_LAB)
    return Lab.restore(text) if text else None


def without_handoff(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` minus the hand-over, for a child that must start its own server."""
    return {key: value for key, value in environ.items() if key != _LAB}
