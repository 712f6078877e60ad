"""Regular expressions compiled in an earlier run, handed to ``re``'s cache so a build does not compile them again.

A one-report build compiles some 70 patterns (Jinja2's lexer, PyYAML's resolver, drafting's checks): about 10 ms
of its 100. Compiling is parsing the pattern into ``re``'s own code, a list of integers that depends only on the
pattern, its flags and the Python that compiled it. :func:`remember` keeps those lists in a cache file of the
user's (``resources.user_cache_folder``, read only when it is ours alone); :func:`seed` turns them back into
pattern objects with ``_sre.compile`` — which checks the code before using it — and puts them in ``re``'s cache,
where ``re.compile`` looks first. The file is used only by the Python, ``re`` and drafting version that wrote it,
and only when its checksum matches; anything unexpected (another ``re``, a damaged file) means compiling as usual.
Process-wide (``re``'s cache is the process's): called by :mod:`drafting.entry` alone.
"""
from __future__ import annotations

import marshal
import re
import sys
import zlib
from typing import Any

from . import __version__
from .resources import read_cached, user_cache_folder, write_cached

FILE = "patterns.bin"
MAX_BYTES = 4_000_000   # some 70 patterns take about 150 KB
MAX_PATTERNS = 256      # re keeps 512; a cache full of one-off patterns would only cost reading them
_DIGEST = 4  # a CRC-32 of the rest: the file is ours alone (read_cached), the check is for damage


def header() -> bytes:
    """What the cache file starts with: its format and everything the compiled code depends on."""
    import _sre

    return f"drafting-patterns 1\0{sys.version}\0{_sre.MAGIC}\0{__version__}\n".encode("utf-8", "replace")


def _cache() -> dict | None:
    """``re``'s own cache of compiled patterns, when it is the dictionary this module knows how to fill."""
    cache = getattr(re, "_cache", None)
    return cache if isinstance(cache, dict) and hasattr(re, "_compiler") and hasattr(re, "_parser") else None


def seed(folder: str | None = None) -> frozenset:
    """Put the patterns kept by an earlier run into ``re``'s cache (those not there already); returns the keys the
    cache file holds, for :func:`remember`."""
    cache = _cache()
    folder = folder or user_cache_folder("patterns")
    if cache is None or folder is None:
        return frozenset()
    entries = _entries(read_cached(folder, FILE, MAX_BYTES))
    import _sre

    for key, flags, code, groups, groupindex in entries:
        if key in cache:
            continue
        try:
            indexgroup = [None] * (groups + 1)
            for name, index in groupindex.items():
                indexgroup[index] = name
            cache[key] = _sre.compile(key[1], flags, code, groups, groupindex, tuple(indexgroup))
        except Exception:  # noqa: BLE001 — code _sre refuses: that pattern is compiled as usual
            continue
    return frozenset(entry[0] for entry in entries)


def _entries(data: bytes | None) -> list[tuple[Any, ...]]:
    """The entries of a cache file's ``data``: none unless its header and digest match and its shape is right."""
    head = header()
    if not data or not data.startswith(head):
        return []
    digest, body = data[len(head):len(head) + _DIGEST], data[len(head) + _DIGEST:]
    if zlib.crc32(body).to_bytes(4, "big") != digest:
        return []
    try:
        loaded = marshal.loads(body)
    except Exception:  # noqa: BLE001 — a damaged file only means compiling as usual
        return []
    if not isinstance(loaded, list):
        return []
    entries = [((bytes if e[0][0] else str,) + e[0][1:],) + e[1:] for e in loaded
               if isinstance(e, tuple) and e and isinstance(e[0], tuple) and e[0] and e[0][0] in (0, 1)]
    return [entry for entry in entries if _well_formed(entry)]


def _well_formed(entry: object) -> bool:
    """Whether ``entry`` is ((str or bytes type tag, pattern, flags), flags, code, groups, groupindex)."""
    if not (isinstance(entry, tuple) and len(entry) == 5):
        return False
    key, flags, code, groups, groupindex = entry
    return (isinstance(key, tuple) and len(key) == 3 and key[0] in (str, bytes) and isinstance(key[1], key[0])
            and isinstance(key[2], int) and isinstance(flags, int) and isinstance(code, list)
            and isinstance(groups, int) and groups >= 0 and isinstance(groupindex, dict)
            and all(isinstance(k, str) and isinstance(v, int) and 0 < v <= groups for k, v in groupindex.items()))


def remember(kept_before: frozenset, folder: str | None = None) -> None:
    """Keep the patterns this run compiled that the cache file lacks (``kept_before``: what :func:`seed` found in
    it), with those it had; writes nothing when it lacks none."""
    cache = _cache()
    if cache is None:
        return
    fresh = [key for key, pattern in list(cache.items()) if key not in kept_before and _keepable(key, pattern)]
    if not fresh:
        return
    folder = folder or user_cache_folder("patterns")
    if folder is None:
        return
    kept = {entry[0]: entry for entry in _entries(read_cached(folder, FILE, MAX_BYTES))}
    for key in fresh:
        if key not in kept and len(kept) < MAX_PATTERNS:
            entry = _compiled(key)
            if entry is not None:
                kept[key] = entry
    try:
        body = marshal.dumps([(_tagged(e[0]),) + e[1:] for e in kept.values()])
    except ValueError:
        return
    write_cached(folder, FILE, header() + zlib.crc32(body).to_bytes(4, "big") + body)


def _keepable(key: object, pattern: object) -> bool:
    """A cache entry ``re`` made itself for this key (not one put there under another pattern's name)."""
    return (isinstance(key, tuple) and len(key) == 3 and key[0] in (str, bytes)
            and isinstance(pattern, re.Pattern) and pattern.pattern == key[1] and not key[2] & re.DEBUG)


def _tagged(key: tuple) -> tuple:
    """``key`` as marshal can write it: its pattern's type (str or bytes) as 0 or 1."""
    return (int(key[0] is bytes),) + key[1:]


def _compiled(key: tuple) -> tuple[Any, ...] | None:
    """What ``re`` compiles ``key``'s pattern into: (key, flags, code, groups, groupindex), or None."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _, pattern, flags = key
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        return (key, int(flags | parsed.state.flags), [int(op) for op in code], parsed.state.groups - 1,
                dict(parsed.state.groupdict))
    except Exception:  # noqa: BLE001 — a pattern re cannot take apart the same way is not kept
        return None
