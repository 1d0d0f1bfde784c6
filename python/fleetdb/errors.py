"""Errors the fleetdb tools report to a person: one line, what went wrong and what to do."""

from fleetdb_persistence.errors import libpq_message

__all__ = ["FleetdbError", "ToolMissing", "libpq_message", "redact", "register_secret"]


class FleetdbError(Exception):
    """An error whose message is meant for the person at the terminal, without a traceback."""


class ToolMissing(FleetdbError):
    """A program fleetdb needs is not installed."""

    def __init__(self, tool: str, package: str) -> None:
        super().__init__(f"{tool} is not installed: install the Debian package {package} (or run make test)")
        self.tool = tool
        self.package = package


# Passwords this process has seen in a target: every message shown to a person is passed through
# ``redact`` (sqitch masks its own; libpq's messages never carry one, but a DBA's spelling may).
_SECRETS: set[str] = set()


def register_secret(secret: str) -> None:
    if secret:
        _SECRETS.add(secret)


def redact(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "********")
    return text
