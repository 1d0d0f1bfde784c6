"""Errors the fleetdb tools report to a person: one line, what went wrong and what to do."""


class FleetdbError(Exception):
    """An error whose message is meant for the person at the terminal, without a traceback."""


def libpq_message(error: BaseException) -> str:
    """libpq's message on one line: its lines (a hint on the second, one per host tried) joined with
    "; " rather than glued into one sentence, and the spacing of "FATAL:  …" made single."""
    lines = [" ".join(line.split()) for line in str(error).splitlines()]
    return "; ".join(line for line in lines if line) or type(error).__name__


class Interrupted(SystemExit):
    """A signal asked this process to stop (SIGINT, SIGTERM): raised on the main thread by the handler
    and on any other thread that notices it (``instance.stop_requested``). It exits with the
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
