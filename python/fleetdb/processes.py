"""Child processes that end with the process that started them.

Linux's parent-death signal is set in the child before it execs: when the thread that started it dies,
however it dies (SIGKILL included), the child receives the signal. The postmaster gets SIGQUIT (immediate
shutdown); sqitch, psql and forked pytest runs get SIGTERM (a pytest run then stops its own servers).
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
from collections.abc import Callable
from typing import Any

from fleetdb.errors import Interrupted

_PR_SET_PDEATHSIG = 1
_stop_signal: list[int] = []  # the signal that asked this process to stop, once one has


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A ``preexec_fn`` that asks for ``sig`` when the parent dies (no-op where prctl does not exist)."""

    def arm() -> None:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)

    return arm


# A child ended by one of these was stopped with this process (Ctrl-C or SIGTERM to the process group,
# as when make is stopped): children this module runs are never sent them by fleetdb itself.
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` (text mode) for a child that must not outlive this process. A child ended by
    SIGINT, SIGTERM or SIGHUP raises ``Interrupted``: the same signal is on its way to this process (the
    handler runs on the main thread only, and maybe later than this thread sees the child end), and
    what the child did not finish is no finding."""
    result = subprocess.run(command, text=True, preexec_fn=die_with_parent(), **kwargs)
    if -result.returncode in _STOP_SIGNALS:
        note_stop(-result.returncode)
        raise Interrupted(-result.returncode)
    return result


def note_stop(signum: int) -> None:
    """Called by the signal handler (main thread) before it stops the servers and raises."""
    if not _stop_signal:
        _stop_signal.append(signum)


def stopping() -> bool:
    return bool(_stop_signal)


def stop_requested() -> None:
    """Raise ``Interrupted`` once a signal asked this process to stop. Work on other threads than the
    main one (which the handler interrupts itself) calls it between steps and when a step failed: the
    failure may be the stop itself (its children signalled, its servers stopped), never a finding."""
    if _stop_signal:
        raise Interrupted(_stop_signal[0])
