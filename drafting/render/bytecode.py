"""Compiled templates kept between runs, read back only when they are provably ours and whole.

Jinja's own FileSystemBytecodeCache reads a checksum with pickle before anything else, so a planted
file runs code, a truncated one raises, and a full disk stops the build. Here a file is read only from a
folder of ours (see resources.user_cache_folder), only when the file itself is ours and no one else may
write it, and its code is unmarshalled only after its header (format, Python, Jinja and drafting's code
version), its source checksum and the SHA-256 of its code all match. Any failure to read or write is silent.
"""
from __future__ import annotations

import hashlib
import marshal
import sys
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..resources import read_cached, write_cached
from .budget import CODE_VERSION

MAX_BYTES = 8_000_000  # the compiled code of the largest template is a few hundred kilobytes
_DIGEST = 32


def header() -> bytes:
    """What a cache file starts with: the format and every version its code depends on."""
    return (f"drafting-bytecode 1\0{sys.implementation.cache_tag}\0{jinja2.__version__}\0{CODE_VERSION}\n"
            .encode("ascii"))


class SafeBytecodeCache(BytecodeCache):
    """A bytecode cache in ``folder`` that never unpickles, never raises, and never trusts a file it did not write."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def _name(self, bucket: Bucket) -> str:
        return f"{bucket.key}.bc"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its file when that file validates; leave it empty otherwise."""
        data = read_cached(self.folder, self._name(bucket), MAX_BYTES)
        bucket.code = _code(data, _checksum(bucket)) if data else None

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Write ``bucket``'s code atomically; a failure only means the next run compiles again."""
        if bucket.code is None:
            return
        try:
            code = marshal.dumps(bucket.code)
        except ValueError:
            return
        write_cached(self.folder, self._name(bucket),
                     header() + _checksum(bucket) + hashlib.sha256(code).digest() + code)


def _checksum(bucket: Bucket) -> bytes:
    """The SHA-256 of the bucket's source checksum, a fixed 32 bytes."""
    return hashlib.sha256(str(bucket.checksum).encode("utf-8")).digest()


def _code(data: bytes, checksum: bytes) -> CodeType | None:
    """The code object in a cache file's ``data``, or None unless header, source checksum and digest all match."""
    head = header()
    if not data.startswith(head):
        return None
    body = data[len(head):]
    if body[:_DIGEST] != checksum or len(body) < 2 * _DIGEST:
        return None
    digest, code = body[_DIGEST:2 * _DIGEST], body[2 * _DIGEST:]
    if hashlib.sha256(code).digest() != digest:
        return None
    try:
        loaded = marshal.loads(code)
    except Exception:  # noqa: BLE001 — any malformed code only means compiling again
        return None
    return loaded if isinstance(loaded, CodeType) else None
