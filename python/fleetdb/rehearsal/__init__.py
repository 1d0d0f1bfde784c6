"""The rollback rehearsal: each change of a plan deployed, verified, reverted and redeployed with the real
sqitch, the catalog compared exactly, the data checked, the locks and rewrites measured, and a deploy
killed halfway. ``fleetdb rehearse`` drives it; ``fleetdb.report.rehearsal`` renders what it found."""

from fleetdb.rehearsal.filler import SeedResult, seed_existing_tables
from fleetdb.rehearsal.model import ChangeRehearsal, KilledDeploy, RehearsalReport, WholePlan
from fleetdb.rehearsal.runner import RehearsalOptions, rehearse

__all__ = [
    "ChangeRehearsal",
    "KilledDeploy",
    "RehearsalOptions",
    "RehearsalReport",
    "SeedResult",
    "WholePlan",
    "rehearse",
    "seed_existing_tables",
]
