"""Bounds on what one render may cost, enforced where the work is done, per call and on any thread.

- Arithmetic: ``**`` and ``*`` are checked before Python computes them (a single huge power runs
  in C and nothing could stop it): results of more than 10,000 bits, strings and lists of more than
  a million items are refused; so are format widths and paddings of more than a million.
- Time: every loop iteration, call, attribute lookup, operator and filter is a step of the render's
  :class:`~drafting.render.meter.Meter`, which stops it past its deadline or its steps — on whatever
  thread it runs, with no signal or timer (a loop inside a loop that prints nothing is stopped too).
- Memory: what the render builds and prints is counted against 500 MB, and a value whose size is
  known in advance (a join, a padding, a list printed as text) is refused before it is built. No
  address-space limit is set: ``RLIMIT_AS`` belongs to the whole process and would bound every
  other thread of a server (and ``draft``'s own LibreOffice children, which inherit it) as well.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any, Callable, Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable

from .meter import CHECK_EVERY, MAX_GROWTH_BYTES, Meter, RenderLimit, current, limits, running, weight

__all__ = ["MAX_GROWTH_BYTES", "MAX_INT_BITS", "MAX_ITEMS", "BoundedEnvironment", "RenderLimit", "limits"]

MAX_INT_BITS = 10_000
MAX_ITEMS = 1_000_000
MAX_JSON_INDENT = 16
CODE_VERSION = "metered-1"  # compiled templates of another version are not reused (see sandbox.bytecode_cache)


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


_WIDE = f"宽度或份数超过 {MAX_ITEMS // 10000} 万"
_PERCENT_SPEC = r"%[^a-zA-Z%]*[a-zA-Z%]"  # both compiled (by re) when a format string is met
_BRACE_FIELD = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"


def _padding(fmt: str, values: Iterable[Any]) -> int:
    """The widths a format string may pad to: its own numbers, and the arguments when a width comes from them."""
    percent, brace = re.findall(_PERCENT_SPEC, fmt), re.findall(_BRACE_FIELD, fmt)
    total = sum(int(digits) for spec in percent + brace for digits in re.findall(r"\d+", spec))
    if any("*" in spec for spec in percent) or any(spec.count("{") > 1 for spec in brace):
        total += sum(abs(v) for v in _flat(values) if isinstance(v, int))
    if total > MAX_ITEMS:
        raise RenderLimit(_WIDE)
    return total


def _flat(values: Iterable[Any]) -> Iterator[Any]:
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from value
        elif isinstance(value, dict):
            yield from value.values()
        else:
            yield value


def _formatted(meter: Meter, fmt: str, values: list[Any]) -> None:
    """Refuse ``fmt % values`` (or ``fmt.format(...)``) when what it could print passes what is left."""
    meter.need((len(fmt) + 1) * (1 + sum(weight(v, meter.room(), meter) for v in values)) + _padding(fmt, values))


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_GROWING_METHODS = frozenset({"join", "replace", "translate"})  # their result may be their string times their arguments


def _str_method(meter: Meter, owner: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a string method whose result could pass what is left (a join, a replace, a padding, a format)."""
    values = [*args, *kwargs.values()]
    if name in ("format", "format_map"):
        _formatted(meter, owner, values)
    elif name in _GROWING_METHODS:
        meter.need((len(owner) + 1) * (1 + sum(weight(v, meter.room(), meter) for v in values)))
    elif name in _WIDTH_METHODS:
        width = max((v for v in values if isinstance(v, int)), default=0)
        if width > MAX_ITEMS:
            raise RenderLimit(_WIDE)
        meter.need(len(owner) + width * (owner.count("\t") + 1 if name == "expandtabs" else 1))


# Jinja's filters that never turn a whole list or dict into text (the others are weighed first).
_QUIET_FILTERS = frozenset({"abs", "attr", "batch", "bool", "count", "d", "default", "dictsort", "first", "float",
                            "groupby", "int", "items", "last", "length", "list", "map", "max", "min", "reject",
                            "rejectattr", "reverse", "round", "select", "selectattr", "slice", "sort", "sum",
                            "unique"})


def _filter_arguments(meter: Meter, name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The checks of Jinja's filters that can multiply their input (widths, separators, replacements, paddings)."""
    first = args[0] if args else None
    if name in ("center", "batch", "slice") and isinstance(first, int) and first > MAX_ITEMS:
        raise RenderLimit(_WIDE)
    if name == "center" and isinstance(first, int):
        meter.need(first)
    elif name == "indent" and isinstance(value, str):
        width = kwargs.get("width", first if first is not None else 4)
        meter.need((value.count("\n") + 1) * (width if isinstance(width, int) else len(str(width))))
    elif name == "wordwrap" and isinstance(value, str):
        width = kwargs.get("width", first if isinstance(first, int) else 79)
        wrap = kwargs.get("wrapstring", args[2] if len(args) > 2 else None) or "\n"
        meter.need(len(value) // max(1, width if isinstance(width, int) else 1) * len(str(wrap)))
    elif name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        meter.need((value.count(old) if old else len(value) + 1) * len(new))
    elif name == "join" and isinstance(value, (list, tuple)):
        separator = kwargs.get("d", first if first is not None else "")
        meter.need(len(str(separator)) * len(value))
    elif name == "format" and isinstance(value, str):
        _formatted(meter, value, [*args, *kwargs.values()])
    elif name == "sum" and isinstance(kwargs.get("start", args[1] if len(args) > 1 else 0), (list, tuple, str)):
        if isinstance(value, (list, tuple)):  # lists added one after another: the sum holds all their items
            meter.need(8 * sum(len(item) for item in value if isinstance(item, (list, tuple, str))))
    elif name == "tojson":
        indent = kwargs.get("indent", first)
        if isinstance(indent, int) and indent > MAX_JSON_INDENT:  # each nesting level indents every line inside it
            raise RenderLimit(f"tojson 的缩进超过 {MAX_JSON_INDENT}")


def _metered_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as a step of the render: its input weighed and checked first, its result charged after."""
    if getattr(function, "drafting_metered", False):
        return function
    offset = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # context or environment first
    quiet = name in _QUIET_FILTERS

    @functools.wraps(function)
    def metered(*args: Any, **kwargs: Any) -> Any:
        meter = current()
        meter.tick()
        value = args[offset] if len(args) > offset else None
        if not quiet and not isinstance(value, (str, int, float)) and value is not None:
            meter.need(weight(value, meter.room(), meter))
        _filter_arguments(meter, name, value, args[offset + 1:], kwargs)
        result = function(*args, **kwargs)
        if result is not value:
            meter.spend(result)
        return result

    metered.drafting_metered = True  # type: ignore[attr-defined]
    return metered


class MeteredFilters(dict):  # type: ignore[type-arg]
    """A filter table whose every entry, added at any time, is a metered step."""

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, _metered_filter(name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


def _is_metered(node: nodes.Expr) -> bool:
    return (isinstance(node, nodes.Call) and isinstance(node.node, nodes.EnvironmentAttribute)
            and node.node.name == "metered_iter")


class MeteredCodeGenerator(CodeGenerator):
    """Jinja's compiler, with each loop iteration, each join (``~``) and each piece of literal text metered."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not _is_metered(node.iter):  # for x in environment.metered_iter(ITEMS) (Jinja allows no new node types)
            node.iter = nodes.Call(nodes.EnvironmentAttribute("metered_iter"), [node.iter], [], None, None,
                                   lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if not _is_metered(node):
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        self.write("environment.metered_iter(")  # called directly: not a call the template made
        self.visit(node.args[0], frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.metered_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        escaped = "context.eval_ctx.autoescape" if frame.eval_ctx.volatile else repr(bool(frame.eval_ctx.autoescape))
        self.write(f"), {escaped})")

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.metered_text({super()._output_const_repr(group)})"


def _metered_steps(iterable: Iterable[Any], meter: Meter) -> Iterator[Any]:
    count = 0
    for item in iterable:
        count += 1
        if count == CHECK_EVERY:  # counted here, handed to the meter every few: a loop step costs little
            meter.advance(count)
            count = 0
        yield item


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with every step of a render metered (see the module) and ``**``, ``*``, ``+``, ``%`` checked.

    Jinja's random and stateful globals (lipsum, cycler, joiner) are removed: a report is the
    same every time it is built. The environment holds no state of any render: it may be shared by
    threads rendering at once.
    """

    intercepted_binops = frozenset({"**", "*", "+", "%"})
    code_generator_class = MeteredCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        filters = dict(self.filters)
        for name in _GENERATOR_FILTERS:  # a generator prints its memory address: make them lists
            if name in filters:
                filters[name] = _as_list(filters[name])
        self.filters = MeteredFilters()
        self.filters.update(filters)
        self.finalize = _metered_finalize(self.finalize)

    def metered_iter(self, iterable: Any) -> Any:
        """What a ``for`` loop walks through, one step per item (as is outside a render)."""
        meter = running()
        return iterable if meter is None else _metered_steps(iterable, meter)

    def metered_concat(self, parts: tuple[Any, ...], autoescape: bool) -> str:
        """``a ~ b ~ …``, refused before it is joined when the text would pass what is left."""
        meter = current()
        meter.tick()
        meter.need(sum(weight(part, meter.room(), meter) for part in parts))
        joined = markup_join(parts) if autoescape else str_join(parts)
        meter.spend(joined)
        return joined

    def metered_text(self, text: str) -> str:
        """A piece of the template's literal text, charged each time it is printed."""
        meter = running()
        if meter is not None:
            meter.spend_text(text)
        return text

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        meter = current()
        meter.tick()
        reason = _too_big(operator, left, right)
        if reason is not None:
            raise RenderLimit(reason)
        if operator == "%" and isinstance(left, str):
            _formatted(meter, left, [right])
        elif operator in ("+", "*") and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            meter.need(8 * (len(left) + len(right)))
        result = super().call_binop(context, operator, left, right)
        meter.spend(result)
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        current().tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        current().tick()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        meter = current()
        meter.tick()
        method = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop: its items are steps too
            args = (__self.metered_iter(args[0]), *args[1:])
        elif isinstance(owner, str):
            _str_method(meter, owner, name, args, kwargs)
        elif isinstance(owner, (list, dict, set)) and modifies_known_mutable(owner, name):
            meter.spend_bytes(sum(8 * len(a) if hasattr(a, "__len__") else 8 for a in (*args, *kwargs.values())))
        result = super().call(__context, __obj, *args, **kwargs)
        meter.spend(result)
        return result


def _metered_finalize(finalize: Callable[..., Any] | None) -> Callable[..., Any]:
    """The environment's finalizer, then each printed value weighed (a list printed whole) and charged."""
    def metered(*args: Any) -> Any:
        value = finalize(*args) if finalize is not None else args[-1]
        meter = running()
        if meter is None or isinstance(value, str) or hasattr(value, "__html__"):
            if meter is not None:
                meter.spend(value)
            return value
        meter.need(weight(value, meter.room(), meter))
        text = str(value)
        meter.spend(text)
        return text

    if finalize is not None and hasattr(finalize, "jinja_pass_arg"):
        metered.jinja_pass_arg = finalize.jinja_pass_arg  # type: ignore[attr-defined]
    return metered


_GENERATOR_FILTERS = ("batch", "slice", "map", "select", "reject", "selectattr", "rejectattr", "unique")


def _as_list(function: Any) -> Any:
    """``function`` returning a list instead of a generator, keeping what Jinja passes it (context, environment)."""

    @functools.wraps(function)
    def listed(*args: Any, **kwargs: Any) -> Any:
        return list(function(*args, **kwargs))

    if hasattr(function, "jinja_pass_arg"):
        listed.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return listed
