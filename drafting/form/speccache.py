"""Template declarations (and the built-in profile) read before, kept between runs in the user's cache folder.

Reading a declaration (YAML with marks, then every field checked) was about 1 ms a file, three files a build.
A declaration read without a problem is kept under the SHA-256 of its bytes and of the reader's code (the
size and time of its modules), as ``marshal`` data (no pickle: nothing in the file can run). A file is
used only when it is a regular file of ours (``resources.read_cached``), its header names this format and
this code, its digests match, and what it holds has exactly the shapes a declaration has; anything else is
ignored and the declaration is read again. A date in an example is kept as ("date", "2023-07-10").
"""
from __future__ import annotations

import datetime
import hashlib
import marshal
import os
from typing import Any

from .. import __version__

MAX_BYTES = 1_000_000  # a declaration's fields: a few kilobytes
_DIGEST = 32
_PLAIN = (str, int, float, bool, type(None))
# FieldSpec's fields, in order, and the types each may hold (example: any plain data, checked on its own).
_FIELD_TYPES: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("name", (str,)), ("type", (str,)), ("aliases", (tuple,)), ("required", (bool,)), ("doc", (str,)),
    ("example", ()), ("level", (int,)), ("expected", (bool,)), ("label", (str,)))


def code_version(files: tuple[str, ...]) -> str:
    """What the cached data depends on: drafting's version and the reader's module ``files`` as they are on disk."""
    stamps = []
    for file in (*files, __file__):
        try:
            status = os.stat(file)
        except (OSError, TypeError, ValueError):
            return ""  # modules not on disk: nothing to tell versions apart by, so nothing is cached
        stamps.append(f"{status.st_size}:{status.st_mtime_ns}")
    return f"{__version__}/{','.join(stamps)}"


def _header(kind: str, version: str) -> bytes:
    """What a cache file starts with: the format, what it holds and the code it was written by."""
    return f"drafting-{kind} 1\0{version}\n".encode("utf-8")


def _name(header: bytes, data: bytes) -> str:
    """The cache file's name for source bytes ``data`` read by the code in ``header``."""
    return hashlib.sha256(header + data).hexdigest() + ".kept"


def read_kept(folder: str, kind: str, data: bytes, version: str) -> Any:
    """The marshal data kept for source bytes ``data`` of ``kind`` read by code ``version``, or None when there is
    none, or it is not ours, not whole, or not written by this code. The caller checks its shape."""
    from ..resources import read_cached

    if not version:
        return None
    header = _header(kind, version)
    kept = read_cached(folder, _name(header, data), MAX_BYTES)
    if kept is None or not kept.startswith(header):
        return None
    body = kept[len(header):]
    if len(body) < 2 * _DIGEST or body[:_DIGEST] != hashlib.sha256(data).digest():
        return None
    digest, payload = body[_DIGEST:2 * _DIGEST], body[2 * _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except Exception:  # noqa: BLE001 — any malformed data only means reading the source again
        return None


def write_kept(folder: str, kind: str, data: bytes, version: str, value: Any) -> None:
    """Keep ``value``, what source bytes ``data`` of ``kind`` were read as by code ``version`` (never raises)."""
    from ..resources import write_cached

    if not version:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return
    header = _header(kind, version)
    write_cached(folder, _name(header, data),
                 header + hashlib.sha256(data).digest() + hashlib.sha256(payload).digest() + payload)


def load(folder: str, data: bytes,
         version: str) -> tuple[str | None, str | None, tuple[tuple[tuple[Any, ...], set[str]], ...]] | None:
    """(description, parent, ((FieldSpec values, stated keys), …)) kept for declaration bytes ``data`` read by
    code ``version``, or None."""
    return _declaration(read_kept(folder, "declaration", data, version))


def store(folder: str, data: bytes, version: str, description: str | None, parent: str | None,
          fields: tuple[tuple[tuple[Any, ...], set[str]], ...]) -> None:
    """Keep what declaration bytes ``data`` were read as by code ``version`` (data marshal cannot hold is not kept)."""
    value = (description, parent, tuple((spec[:5] + (_encoded(spec[5]),) + spec[6:], tuple(sorted(stated)))
                                        for spec, stated in fields))
    if _declaration(value) is not None:
        write_kept(folder, "declaration", data, version, value)


def _declaration(value: Any) -> tuple[str | None, str | None, tuple[tuple[tuple[Any, ...], set[str]], ...]] | None:
    """``value`` as a declaration when it has exactly a declaration's shapes, else None."""
    if not (type(value) is tuple and len(value) == 3):
        return None
    description, parent, fields = value
    if not (_optional_text(description) and _optional_text(parent) and type(fields) is tuple):
        return None
    read = []
    for entry in fields:
        if not (type(entry) is tuple and len(entry) == 2):
            return None
        spec, stated = entry
        if not (type(spec) is tuple and len(spec) == len(_FIELD_TYPES) and type(stated) is tuple):
            return None
        for item, (_, types) in zip(spec, _FIELD_TYPES):
            if not (_plain(item) if not types else type(item) in types):
                return None
        if not all(type(name) is str for name in spec[2]):  # aliases
            return None
        names = {name for name, _ in _FIELD_TYPES}
        if not all(type(key) is str and key in names for key in stated):
            return None
        read.append((spec[:5] + (_decoded(spec[5]),) + spec[6:], set(stated)))  # spec[5]: the example
    return description, parent, tuple(read)


def _optional_text(value: Any) -> bool:
    """Whether ``value`` is a text or None."""
    return value is None or type(value) is str


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is data a YAML example holds, as kept: texts, numbers, yes/no, nothing, dates (as tagged
    pairs), lists and mappings of them."""
    if depth > 64:
        return False
    if type(value) in _PLAIN:
        return True
    if type(value) is tuple:
        return _decoded(value) is not value
    if type(value) is list:
        return all(_plain(item, depth + 1) for item in value)
    if type(value) is dict:
        return all(_plain(key, depth + 1) and _plain(item, depth + 1) for key, item in value.items())
    return False


def _encoded(value: Any) -> Any:
    """``value`` with each date and time as a tagged pair (marshal holds neither; a YAML example has no tuples)."""
    if type(value) is datetime.date:
        return ("date", value.isoformat())
    if type(value) is datetime.datetime:
        return ("datetime", value.isoformat())
    if type(value) is list:
        return [_encoded(item) for item in value]
    if type(value) is dict:
        return {_encoded(key): _encoded(item) for key, item in value.items()}
    return value


def _decoded(value: Any) -> Any:
    """``value`` with each tagged pair made a date or time again (a pair that is no date stays as it is)."""
    if type(value) is tuple:
        if len(value) == 2 and value[0] in _DATES and type(value[1]) is str:
            try:
                return _DATES[value[0]](value[1])
            except ValueError:
                return value
        return value
    if type(value) is list:
        return [_decoded(item) for item in value]
    if type(value) is dict:
        return {_decoded(key): _decoded(item) for key, item in value.items()}
    return value


_DATES = {"date": datetime.date.fromisoformat, "datetime": datetime.datetime.fromisoformat}
