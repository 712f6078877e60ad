"""One render's allowance — a deadline, a number of steps, the bytes its values may take — held per call.

:func:`limits` gives each render its own :class:`Meter` in a context variable for as long as the
render runs. A context variable is seen only by its own thread (and asyncio task), so two renders on
two threads never share a meter, and nothing process-wide is touched: no signal, no timer, no
resource limit. The sandbox (see :mod:`drafting.render.budget`) calls the meter cooperatively —
at every loop iteration, call, attribute lookup and operator — and refuses a value before it is
built when its size is known in advance.

Memory is bounded by counting, not by the operating system: every value a template builds and
every piece of text it prints is charged to the meter at its size (a freed value stays charged, so
the count is an upper bound on what the render holds), and a value whose printed size (shared parts
counted each time they print) would pass what is left is refused before it is made.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

MAX_STEPS = 20_000_000          # loop iterations, calls, lookups and operations of one render
MAX_GROWTH_BYTES = 500_000_000  # what one render's values and output may take in all
CHECK_EVERY = 16                # steps between two looks at the clock (a step is at most a bounded operation)


class RenderLimit(Exception):
    """A template produced too much output, ran too long, or asked for too much."""


def memory_message(max_bytes: int) -> str:
    """The message of a render that asked for more than ``max_bytes``."""
    return f"占用内存超过 {max_bytes // 1_000_000} MB"


class Meter:
    """What one render has used: steps against a deadline and a count, bytes against a bound."""

    __slots__ = ("seconds", "deadline", "steps", "max_steps", "used", "max_bytes")

    def __init__(self, seconds: float | None, max_steps: int = MAX_STEPS, max_bytes: int = MAX_GROWTH_BYTES) -> None:
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.steps = 0
        self.max_steps = max_steps
        self.used = 0
        self.max_bytes = max_bytes

    def tick(self) -> None:
        """Count one step; stop the render past its steps, or past its deadline (looked at every few steps)."""
        self.steps += 1
        if not self.steps % CHECK_EVERY:
            self.advance(0)

    def advance(self, steps: int) -> None:
        """Count ``steps`` steps at once and look at the clock (loops count their iterations locally)."""
        self.steps += steps
        if self.steps > self.max_steps:
            raise RenderLimit(f"运行超过 {self.max_steps // 10_000} 万步")
        self.check_time()

    def check_time(self) -> None:
        """Stop the render if its deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise RenderLimit(f"运行超过 {self.seconds:.1f} 秒")

    def room(self) -> int:
        """How many bytes the render may still use."""
        return max(0, self.max_bytes - self.used)

    def need(self, size: int) -> None:
        """Refuse, before it is built, a value of about ``size`` bytes that would take the render past its bound."""
        if size > self.max_bytes - self.used:
            raise RenderLimit(memory_message(self.max_bytes))

    def spend(self, value: Any) -> None:
        """Charge a value just built (a string, a list, a dict…) to the render."""
        if isinstance(value, (str, list, tuple, dict, set, frozenset, bytes)):
            self.used += sys.getsizeof(value)
            if self.used > self.max_bytes:
                raise RenderLimit(memory_message(self.max_bytes))

    def spend_text(self, text: str) -> None:
        """Charge a piece of text printed (its characters: the text itself already exists)."""
        self.used += len(text)
        if self.used > self.max_bytes:
            raise RenderLimit(memory_message(self.max_bytes))

    def spend_bytes(self, size: int) -> None:
        """Charge ``size`` bytes (what a list or dict grows by in place)."""
        self.need(size)
        self.used += size


_meter: ContextVar[Meter | None] = ContextVar("drafting_render_meter", default=None)


def current() -> Meter:
    """The meter of the render running in this thread, or a fresh one without a deadline outside any render."""
    meter = _meter.get()
    return meter if meter is not None else Meter(None)


def running() -> Meter | None:
    """The meter of the render running in this thread, if any."""
    return _meter.get()


@contextmanager
def limits(seconds: float, max_steps: int = MAX_STEPS, max_bytes: int = MAX_GROWTH_BYTES) -> Iterator[Meter]:
    """Run the block as one render with its own meter: ``seconds`` of time, ``max_steps``, ``max_bytes``."""
    meter = Meter(seconds, max_steps, max_bytes)
    token = _meter.set(meter)
    try:
        yield meter
    except MemoryError:
        raise RenderLimit(memory_message(max_bytes)) from None
    finally:
        _meter.reset(token)


_SEQUENCES = (list, tuple, set, frozenset, type({}.keys()), type({}.values()), type({}.items()))
MAX_DEPTH = 200  # nesting deeper than this prints as an error anyway


def weight(value: Any, cap: int, meter: Meter | None = None) -> int:
    """About how many characters ``value`` prints as, counting shared parts each time they print; stops past ``cap``."""
    # Parts seen before are not walked again, so a list that holds itself a billion times over is weighed in
    # a few steps. The form's own objects (drafting's types) count as short: the form is bounded where it is read.
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, (*_SEQUENCES, dict)) and not _is_namespace(value):
        return _scalar_weight(value)
    return _weigh(value, cap, {}, 0, meter or Meter(None))


def _scalar_weight(value: Any) -> int:
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, (bytes, bytearray)):
        return len(value) * 4 + 3
    return 24


def _is_namespace(value: Any) -> bool:
    return type(value).__name__ == "Namespace" and type(value).__module__ == "jinja2.utils"


def _weigh(value: Any, cap: int, memo: dict[int, int], depth: int, meter: Meter) -> int:
    if isinstance(value, str):
        return len(value) + 2
    if _is_namespace(value):
        value = object.__getattribute__(value, "_Namespace__attrs")
    if not isinstance(value, (*_SEQUENCES, dict)) or type(value).__module__.startswith("drafting."):
        return _scalar_weight(value)
    key = id(value)
    known = memo.get(key)
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        return cap + 1
    memo[key] = 5  # while it is being weighed: a list inside itself prints as [...]
    total = 2
    items = value.items() if isinstance(value, dict) else value
    for count, item in enumerate(items):
        if not count % 4096:
            meter.tick()
        total += 2 + (_weigh(item[0], cap, memo, depth + 1, meter) + _weigh(item[1], cap, memo, depth + 1, meter)
                      if isinstance(value, dict) else _weigh(item, cap, memo, depth + 1, meter))
        if total > cap:
            break
    memo[key] = total
    return total
