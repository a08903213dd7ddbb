"""Progress bars: one rule for every long step that says how far it is (the solver's
batches, resilience's closures, a sweep's runs).

On a terminal: tqdm's bar, redrawn in place. Anywhere else (a log file, a CI job, a pipe
into ``tee``) tqdm would still redraw after a carriage return, so that a log holds one line
of thousands of characters (``fermetures ... 0/15 [00:00 < ?]\\rfermetures ... 1/15 ...``).
There the bar is `PlainBar`: a plain line when it starts, one at each tenth of the way and
one at its end, each a whole line a log reader (or grep) can use.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

#: how many plain lines a bar writes between its first and last (one every tenth of the way)
PLAIN_STEPS = 10


class NoBar:
    """The progress bar where none is shown: every call does nothing (tqdm's own disabled bar
    costs 0.07 ms to make, a fortieth of FCNetLib sp50x100's HiGHS run)."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def write(self, line: str, file: TextIO | None = None) -> None:
        print(line, file=file or sys.stderr, flush=True)

    def close(self) -> None:
        pass


class PlainBar(NoBar):
    """A bar for a stream that is not a terminal: whole lines ``desc n/total [elapsed]``, at
    the start, at each tenth of the way (`PLAIN_STEPS`) and at the end, never a carriage
    return.

    Parameters
    ----------
    total : int
        How many steps make the whole way.
    desc : str
        What is counted, in the run's language.
    initial : int
        Steps already done (a sweep resumed).
    unit : str, optional
        The counted thing's name, written after the total.
    stream : file, optional
        Where the lines go (default: standard error).
    """

    def __init__(self, total: int, desc: str, initial: int = 0, unit: str | None = None,
                 stream: TextIO | None = None) -> None:
        self.total, self.desc, self.n, self.unit = int(total), desc, int(initial), unit
        self.stream = stream or sys.stderr
        self.postfix = ""
        self.t0 = time.monotonic()
        self.said = -1        # the last tenth a line was written at
        self.closed = False
        self._say()

    def _tenth(self) -> int:
        return PLAIN_STEPS if self.total <= 0 else min(PLAIN_STEPS, self.n * PLAIN_STEPS // self.total)

    def _say(self) -> None:
        self.said = self._tenth()
        s = int(time.monotonic() - self.t0)
        unit = f" {self.unit}" if self.unit else ""
        tail = f" {self.postfix}" if self.postfix else ""
        print(f"{self.desc} {self.n}/{self.total}{unit} [{s // 60:02d}:{s % 60:02d}]{tail}",
              file=self.stream, flush=True)

    def update(self, n: int = 1) -> None:
        self.n += n
        if self._tenth() > self.said and self.n < self.total:
            self._say()

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        self.postfix = s

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._say()


def progress_bar(total: int, desc: str, enabled: bool = True, initial: int = 0, unit: str | None = None,
                 leave: bool = True, stream: TextIO | None = None) -> Any:
    """The progress bar of a long step: tqdm's on a terminal, `PlainBar` elsewhere, `NoBar`
    where ``enabled`` is false.

    Parameters
    ----------
    total : int
        How many steps make the whole way (batches, closures, runs).
    desc : str
        What is counted, in the run's language.
    enabled : bool
        False: nothing is shown (`NoBar`).
    initial : int
        Steps already done.
    unit : str, optional
        The counted thing's name.
    leave : bool
        On a terminal, whether the bar's last state stays on screen.
    stream : file, optional
        Where it is written (default: standard error).

    Returns
    -------
    An object with ``update(n)``, ``set_postfix_str(s)``, ``write(line)`` and ``close()``.
    """
    if not enabled:
        return NoBar()
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        return PlainBar(total, desc, initial=initial, unit=unit, stream=stream)
    from tqdm import tqdm  # only here: its import costs a short run's start-up

    return tqdm(total=total, initial=initial, desc=desc, unit=unit or "it", file=stream, leave=leave,
                mininterval=0, bar_format="{desc} {n_fmt}/{total_fmt} [{elapsed} < {remaining}]{postfix}")
