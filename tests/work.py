"""The work a call does, counted the same on any machine: lines of drafting run, characters handed to its regexes.

Tests prove scaling with it instead of a clock (timings are in bench/linear.py): a loaded machine changes how
long a call takes, never how many lines it runs or how much text its regexes are given. A regex's own
backtracking is not counted; bench/linear.py times that.
"""
from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any, Callable

import drafting

PACKAGE = str(Path(drafting.__file__).parent)
_SCANS = ("search", "match", "fullmatch", "findall", "finditer", "split")


class Tally:
    """Lines run in drafting's code and characters given to its regexes."""

    def __init__(self) -> None:
        self.lines = 0
        self.chars = 0

    @property
    def total(self) -> int:
        return self.lines + self.chars


class _CountingPattern:
    """A compiled pattern that adds the length of each text it is given to a tally."""

    def __init__(self, pattern: re.Pattern[str], tally: Tally) -> None:
        self._pattern, self._tally = pattern, tally

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._pattern, name)
        if name in _SCANS:
            def scan(string: str, *args: Any, **kwargs: Any) -> Any:
                self._tally.chars += len(string)
                return found(string, *args, **kwargs)
            return scan
        if name in ("sub", "subn"):
            def substitute(repl: Any, string: str, *args: Any, **kwargs: Any) -> Any:
                self._tally.chars += len(string)
                return found(repl, string, *args, **kwargs)
            return substitute
        return found


def _counting_re(tally: Tally) -> types.SimpleNamespace:
    """The re module, its functions adding the length of each text they are given to ``tally``."""
    def scanning(name: str) -> Callable[..., Any]:
        def scan(pattern: Any, string: str, *args: Any, **kwargs: Any) -> Any:
            tally.chars += len(string)
            return getattr(re, name)(getattr(pattern, "_pattern", pattern), string, *args, **kwargs)
        return scan

    def substitute(name: str) -> Callable[..., Any]:
        def sub(pattern: Any, repl: Any, string: str, *args: Any, **kwargs: Any) -> Any:
            tally.chars += len(string)
            return getattr(re, name)(getattr(pattern, "_pattern", pattern), repl, string, *args, **kwargs)
        return sub

    functions = {name: scanning(name) for name in _SCANS} | {name: substitute(name) for name in ("sub", "subn")}
    return types.SimpleNamespace(**{**vars(re), **functions})


def _count_patterns(tally: Tally, monkeypatch: Any) -> None:
    """Every module-level compiled pattern of drafting's loaded modules (and their ``re``) counts into ``tally``."""
    counting_re = _counting_re(tally)
    for name, module in list(sys.modules.items()):
        if not (name == "drafting" or name.startswith("drafting.")) or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, attribute, _CountingPattern(value, tally))
        if getattr(module, "re", None) is re:
            monkeypatch.setattr(module, "re", counting_re)


def work(call: Callable[[], Any], monkeypatch: Any, within: str = PACKAGE) -> Tally:
    """What ``call`` costs in drafting: lines run in its modules and characters given to their regexes.

    ``within``: the folder whose code is counted ("": every Python line, the libraries drafting calls included)."""
    tally = Tally()

    def lines(frame: types.FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            tally.lines += 1
        return lines

    def calls(frame: types.FrameType, event: str, arg: Any) -> Any:
        return lines if frame.f_code.co_filename.startswith(within) else None

    with monkeypatch.context() as patch:
        _count_patterns(tally, patch)
        previous = sys.gettrace()
        sys.settrace(calls)
        try:
            call()
        finally:
            sys.settrace(previous)
    return tally


def grows_linearly(costs: list[int], slack: float = 1.25) -> bool:
    """Whether costs at sizes n, 2n, 4n grow linearly: the second doubling adds at most ``slack`` × twice
    what the first added (a fixed cost cancels out; a quadratic one adds four times)."""
    small, middle, large = costs
    return large - middle <= slack * 2 * max(middle - small, 1)
