"""Options and caches are handed down, never kept in modules; options cross process boundaries."""
from __future__ import annotations

import pickle
from pathlib import Path

from drafting.options import Caches, Options, Session


def test_options_survive_pickling_for_worker_processes():
    options = Options(fix_text=True, force=True, template_dirs=(Path("模板"),))
    assert pickle.loads(pickle.dumps(options)) == options
    assert Options() == Options(False, False, False, False, ())


def test_each_session_has_caches_of_its_own_and_they_stay_bounded():
    first, second = Session(), Session()
    assert first.caches is not second.caches and first.options == second.options
    caches = Caches()
    table = caches.bounded(caches.compiled_texts, 2)
    table.update(a=1, b=2)
    assert caches.bounded(caches.compiled_texts, 2) == {} and caches.compiled_texts is table
