"""Errors the fleetdb tools report to a person: one line, what went wrong and what to do."""

from fleetdb_persistence.errors import libpq_message

__all__ = ["FleetdbError", "Interrupted", "ToolMissing", "libpq_message", "redact", "register_secret"]


class FleetdbError(Exception):
    """An error whose message is meant for the person at the terminal, without a traceback."""


class Interrupted(SystemExit):
    """A signal asked this process to stop (SIGINT, SIGTERM): raised on the main thread by the handler
    and on any other thread that notices it (``processes.stop_requested``). It exits with the
    conventional status, 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


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
