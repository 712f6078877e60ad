"""Bounds on what one render may cost, enforced where the work is done, not only between output chunks.

- Arithmetic: ``**`` and ``*`` are checked before Python computes them (a single huge power runs
  in C and no timer can stop it): results of more than 10,000 bits, strings and lists of more than
  a million items are refused.
- Time: on the main thread a timer interrupts a render that runs past its seconds even when it
  prints nothing (loops inside loops); elsewhere the output loop checks the clock.
- Memory: while a render runs, the process may grow by at most 500 MB (on Linux and macOS), so a
  template that builds strings by doubling them meets a clear error instead of the OOM killer.
"""
from __future__ import annotations

import math
import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator

from jinja2.sandbox import SandboxedEnvironment

MAX_INT_BITS = 10_000
MAX_ITEMS = 1_000_000
MAX_GROWTH_BYTES = 500_000_000


class RenderLimit(Exception):
    """A template produced too much output, ran too long, or asked for too much."""


def _too_big(operator: str, left: Any, right: Any) -> str | None:
    ints = isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool)
    if operator == "**" and ints and right > 0 and abs(left) > 1:
        if right * math.log2(abs(left)) > MAX_INT_BITS:
            return f"数字太大（{left} 的 {right} 次方）"
    if operator == "*":
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            return "数字太大"
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_ITEMS:
                return f"重复得到的内容超过 {MAX_ITEMS // 10000} 万项"
    if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if len(left) + len(right) > MAX_ITEMS * 20:
            return "连接得到的内容太长"
    return None


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with ``**``, ``*`` and ``+`` checked before they are computed.

    Jinja's random and stateful globals (lipsum, cycler, joiner) are removed: a report is the
    same every time it is built.
    """

    intercepted_binops = frozenset({"**", "*", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        for name in _GENERATOR_FILTERS:  # a generator prints its memory address: make them lists
            if name in self.filters:
                self.filters[name] = _as_list(self.filters[name])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        reason = _too_big(operator, left, right)
        if reason is not None:
            raise RenderLimit(reason)
        return super().call_binop(context, operator, left, right)


_GENERATOR_FILTERS = ("batch", "slice", "map", "select", "reject", "selectattr", "rejectattr", "unique")


def _as_list(function: Any) -> Any:
    """``function`` returning a list instead of a generator, keeping what Jinja passes it (context, environment)."""
    import functools

    @functools.wraps(function)
    def listed(*args: Any, **kwargs: Any) -> Any:
        return list(function(*args, **kwargs))

    if hasattr(function, "jinja_pass_arg"):
        listed.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return listed


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/statm") as handle:
            import os

            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextmanager
def limits(seconds: float) -> Iterator[None]:
    """Run the block with a timer of ``seconds`` (main thread) and a bound on the process's growth."""
    restore_timer = None
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def expired(signum: int, frame: Any) -> None:
            raise RenderLimit(f"运行超过 {seconds:.1f} 秒")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        restore_timer = previous
    restore_memory = _bound_memory()
    try:
        yield
    except MemoryError:
        raise RenderLimit(f"占用内存超过 {MAX_GROWTH_BYTES // 1_000_000} MB") from None
    finally:
        if restore_timer is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, restore_timer)
        if restore_memory is not None:
            restore_memory()


def _bound_memory():  # type: ignore[no-untyped-def]
    """Lower the address-space limit to the current size plus the allowed growth; returns how to undo it."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    size = _virtual_size()
    if size is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + MAX_GROWTH_BYTES
    if hard != resource.RLIM_INFINITY and wanted > hard or soft != resource.RLIM_INFINITY and wanted > soft:
        return None  # already bounded more tightly by whoever started us
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
