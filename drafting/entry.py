"""The ``draft`` process: imports without garbage collection, and an exit without interpreter teardown."""
from __future__ import annotations

import gc
import os
import sys

from .chars import UNWANTED


def run() -> None:
    """Run ``draft`` as a whole process (the console script and ``python -m drafting``).

    A build imports about 25,000 objects that live until the process ends. Collecting garbage
    while importing them is wasted work (≈8 ms), and so is tearing them all down at exit
    (≈20 ms, more than a one-report build itself): every file is closed and every worker
    process joined before :func:`drafting.cli.main` returns, so the process ends right there.
    The process is ``draft``'s own, so only here are process-wide settings made (the collector's,
    see :mod:`drafting.collector`); library use (``from drafting.cli import main``) keeps Python's
    normal behaviour, and no code the server calls changes them per call.
    """
    restart_in_utf8_mode()
    gc.disable()
    spare_yaml_its_slowest_pattern()
    from .cli import main
    from .collector import tune_collector

    tune_collector()  # the modules live until exit: frozen out of every collection; fewer young collections
    gc.enable()
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    exit_now(code)


# PyYAML's Reader.NON_PRINTABLE, compiled when yaml is imported although the C loader never uses it: its
# ranges up to U+D7FF make the regex compiler fill a 65,536-entry table in Python, about 4 ms of every run.
YAML_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
# The same characters named directly (the complement): chars.UNWANTED, which compiles in a tenth of the time.
NOT_PRINTABLE = UNWANTED.pattern


def spare_yaml_its_slowest_pattern() -> None:
    """Give PyYAML's import the pattern it is about to compile, already compiled in its cheaper, equal form.

    ``re.compile`` first looks in the module's cache of compiled patterns; an entry put there under PyYAML's
    pattern makes its import take that one. Both match exactly the same characters (tests/test_entry.py checks
    every code point): the build's own chars.UNWANTED serves as both. A process-wide
    setting, so made only here; when ``re`` keeps no such cache, or yaml is already imported, nothing is done.
    """
    import re

    cache = getattr(re, "_cache", None)
    if "yaml" in sys.modules or not isinstance(cache, dict):
        return
    cache.setdefault((str, YAML_NON_PRINTABLE, 0), UNWANTED)


def restart_in_utf8_mode() -> None:
    """Start again in Python's UTF-8 mode when the locale's encoding is not UTF-8 (LC_ALL=POSIX PYTHONUTF8=0)."""
    # File names are UTF-8 on every system drafting serves; under an ASCII locale Python could neither open
    # templates/通用.j2 nor write 总结.docx. The command line's bytes are handed back unchanged (os.fsencode
    # undoes the surrogateescape decoding), and -X utf8 wins over PYTHONUTF8=0.
    if sys.flags.utf8_mode or sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return
    try:
        os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])
    except OSError:  # no interpreter to start again: go on, names that are ASCII still work
        pass


def exit_now(code: object) -> None:
    """Flush the standard streams and end the process with ``code`` as ``sys.exit`` reads it."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (draft --version >&-)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (draft … | head): nothing more can be said
            pass
    os._exit(status & 0xFF if status >= 0 else 1)
