"""Errors the fleetdb tools report to a person: one line, what went wrong and what to do."""


class FleetdbError(Exception):
    """An error whose message is meant for the person at the terminal, without a traceback."""


class ToolMissing(FleetdbError):
    """A program fleetdb needs is not installed."""

    def __init__(self, tool: str, package: str) -> None:
        super().__init__(f"{tool} is not installed: install the Debian package {package} (or run make test)")
        self.tool = tool
        self.package = package
