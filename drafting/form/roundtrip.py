"""The one YAML writer of forms (ruamel.yaml, round trip): read and written back, or written new.

``draft serve`` and ``draft next`` edit a form with its comments, key order, aliases and indentation
kept (``load_round_trip``, ``dump_round_trip``); ``draft new``, ``draft import`` and ``draft rollup``
write new forms through ``dump_new`` in the same style. Whatever a value holds (line breaks of any
kind, ``#``, ``: ``, ``{{``), the library quotes it, so it is read back as the same value and never
becomes YAML structure; comments go through ``comment_lines`` and ``eol_comment``.
"""
from __future__ import annotations

import io
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Mapping

WIDTH = 100_000  # never re-wrap a user's long lines
# Characters a YAML 1.1 reader (the form reader, PyYAML) takes for line breaks; only double quotes keep them.
LINE_BREAKS = ("\r", "\n", "\x85", "\u2028", "\u2029")


@lru_cache(maxsize=None)
def _representers() -> tuple[type, type]:
    """The representer of edited forms and that of new forms (classes, made once ruamel is imported)."""
    from ruamel.yaml.representer import RoundTripRepresenter

    class EditRepresenter(RoundTripRepresenter):
        """Round trip; a text holding a line break other than ``\\n`` is double-quoted (its escapes read back)."""

        def represent_form_text(self, data: str) -> Any:
            if any(ch in data for ch in LINE_BREAKS if ch != "\n"):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
            return self.represent_str(data)

    class NewRepresenter(EditRepresenter):
        """As edited forms, and: null written ``null``; a text the form reader would take for another type quoted."""

        def represent_form_text(self, data: str) -> Any:
            if not any(ch in data for ch in LINE_BREAKS) and _misread(data):
                return self.represent_scalar("tag:yaml.org,2002:str", data, style="'")
            return super().represent_form_text(data)

        def represent_null(self, data: None) -> Any:
            return self.represent_scalar("tag:yaml.org,2002:null", "null")

        def represent_decimal(self, data: Decimal) -> Any:
            # the decimal as read, every digit (a float would keep 17, and 1E+3 would read back as text)
            text = format(data, "f")
            tag = "float" if "." in text else "int"
            return self.represent_scalar(f"tag:yaml.org,2002:{tag}", text)

    EditRepresenter.add_representer(str, EditRepresenter.represent_form_text)
    NewRepresenter.add_representer(str, NewRepresenter.represent_form_text)
    NewRepresenter.add_representer(type(None), NewRepresenter.represent_null)
    NewRepresenter.add_representer(Decimal, NewRepresenter.represent_decimal)
    return EditRepresenter, NewRepresenter


@lru_cache(maxsize=None)
def _emitter() -> type:
    """ruamel's emitter, writing plain only what the form reader's library (PyYAML) would also write plain."""
    import yaml
    from ruamel.yaml.emitter import Emitter

    class FormEmitter(Emitter):
        """An emitter whose scalar analysis is also PyYAML's: ``? x`` in a flow list is quoted for the form reader."""

        def analyze_scalar(self, scalar: Any) -> Any:
            analysis = super().analyze_scalar(scalar)
            if not (analysis.allow_flow_plain or analysis.allow_block_plain) or not _unusual(scalar):
                return analysis  # quoted anyway, or plain text both libraries write plain (most texts): no second look
            strict = yaml.emitter.Emitter.analyze_scalar(_PyYAMLAnalysis(), scalar)
            analysis.allow_flow_plain = analysis.allow_flow_plain and strict.allow_flow_plain
            analysis.allow_block_plain = analysis.allow_block_plain and strict.allow_block_plain
            return analysis

    return FormEmitter


_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _unusual(text: str) -> bool:
    """Whether ``text`` holds a YAML indicator, a space at an end, a character that is not printable, or starts ``...``."""
    return (not text.isprintable() or text != text.strip() or text.startswith("...")
            or not _INDICATORS.isdisjoint(text))


class _PyYAMLAnalysis:
    """What PyYAML's scalar analysis asks of its emitter: that Unicode is written as is."""

    allow_unicode = True


def _misread(text: str) -> bool:
    """Whether the form reader (YAML 1.1: yes, on, 1:30…) would read ``text`` written plain as anything but this text."""
    import yaml

    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) != "tag:yaml.org,2002:str"


def new_text(text: str) -> Any:
    """``text`` as a new scalar of an edited form: quoted when the form reader would take it for another type (yes, 1:30)."""
    if any(ch in text for ch in LINE_BREAKS) or not _misread(text):
        return text
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    return SingleQuotedScalarString(text)


def round_trip_yaml(text: str | None = None) -> Any:
    """A ruamel.yaml round-trip reader/writer; given ``text``, it writes lists indented as ``text`` does.

    Forms indent their lists in two ways (``- item`` under its key, or two spaces in); the writer
    follows the form so that saving changes only the lines that were edited.
    """
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.Representer = _representers()[0]
    yaml.Emitter = _emitter()
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.allow_unicode = True
    mapping, sequence, offset = 2, 4, 2
    if text is not None and _indentless_lists(text):
        sequence, offset = 2, 0
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def new_form_yaml() -> Any:
    """The writer of new forms (``draft new``, ``import``, ``rollup``): lists indented under their key, null as ``null``."""
    yaml = round_trip_yaml()
    yaml.Representer = _representers()[1]
    return yaml


def _indentless_lists(text: str) -> bool:
    """Whether the first block list item of ``text`` stands in its key's own column (``key:`` / ``- item``)."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped.startswith("- ") or number == 0:
            continue
        above = next((lines[i] for i in range(number - 1, -1, -1)
                      if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
        if above.rstrip().endswith(":"):
            return len(line) - len(stripped) == len(above) - len(above.lstrip())
    return False


def load_round_trip(text: str) -> tuple[Any, Any]:
    """The round-trip writer for ``text`` and ``text`` read as commented data (a CommentedMap for a form)."""
    yaml = round_trip_yaml(text)
    return yaml, yaml.load(text)


def dump_round_trip(yaml: Any, data: Any) -> str:
    """``data`` written back as YAML text by ``yaml``."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def dump_new(data: Any, yaml: Any = None) -> str:
    """``data`` (plain dicts and lists, or commented ones) written as a new form's YAML text."""
    return dump_round_trip(yaml if yaml is not None else new_form_yaml(), commented(data))


def commented(value: Any) -> Any:
    """``value`` with its dicts and lists made ruamel's commented ones (those already so are kept, with their style)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, (CommentedMap, CommentedSeq)):  # already commented: only what it holds is converted
        for key, item in list(value.items()) if isinstance(value, CommentedMap) else enumerate(list(value)):
            converted = commented(item)
            if converted is not item:
                value[key] = converted
        return value
    if isinstance(value, dict):
        return CommentedMap((key, commented(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(commented(item) for item in value)
    return value


def flow_list(values: Iterable[Any]) -> Any:
    """A list written on one line: ``[甲, 乙, 丙]``."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(list(values))
    seq.fa.set_flow_style()
    return seq


def block_list(values: Iterable[Any]) -> Any:
    """A list written an item a line (even inside a one-line parent)."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(list(values))
    seq.fa.set_block_style()
    return seq


def flow_map(entries: Mapping[str, Any]) -> Any:
    """A mapping written on one line: ``{值: 291, 单位: 处}``."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(entries)
    mapping.fa.set_flow_style()
    return mapping


def one_line(text: str) -> str:
    """``text`` with every kind of line break made a space (for a comment at the end of a line)."""
    return " ".join(text.splitlines())


def comment_lines(text: str) -> list[str]:
    """``text`` as whole-line comments ``# …``, a comment a line, split at every kind of line break; blank lines left out."""
    return [f"# {line}".rstrip() for line in text.splitlines() if line.strip()]


def start_comment(data: Any, text: str) -> None:
    """Put ``text`` as comment lines before the first key of ``data`` (a CommentedMap)."""
    data.yaml_set_start_comment("\n".join(line[2:] for line in comment_lines(text)))


def eol_comment(container: Any, key: Any, text: str) -> None:
    """Put ``text``, on one line, as the comment at the end of ``key``'s line in ``container``."""
    container.yaml_add_eol_comment(one_line(text), key)


def copied(data: Any) -> Any:
    """A deep copy of round-trip ``data`` (comments, styles and shared anchors kept) in time linear in its size."""
    # ruamel's CommentedSeq.__deepcopy__ copies the list's attributes once per item: the square of a table's rows.
    # Here each list and mapping is copied as ruamel does it, its attributes once; everything else by copy.deepcopy.
    import copy

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    memo: dict[int, Any] = {}

    def copy_of(value: Any) -> Any:
        if id(value) in memo:
            return memo[id(value)]
        if isinstance(value, CommentedSeq):
            result = value.__class__()
            memo[id(value)] = result
            result.extend(copy_of(item) for item in value)
        elif isinstance(value, CommentedMap):
            result = value.__class__()
            memo[id(value)] = result
            for key in value:
                result[key] = copy_of(value[key])
        else:
            return copy.deepcopy(value, memo)
        value.copy_attributes(result, memo=memo)
        return result

    return copy_of(data)
