"""Forms built on several threads at once, as a server does: each result is the one built alone."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from drafting.pipeline.stages import render_bytes
from drafting.errors import FormError
from drafting.form.validate import load_form

from ..conftest import EXAMPLES, MINIMAL

FORMS = ("half-year-summary.yaml", "work-plan.yaml")
ROUNDS = 4


def _text(path: Path) -> str:
    """The document's text (the txt writer), as ``draft build -f txt`` writes it."""
    return render_bytes(load_form(path), "txt").decode("utf-8")


def test_two_forms_built_on_two_threads_at_once_are_the_forms_built_alone():
    alone = {name: _text(EXAMPLES / name) for name in FORMS}
    assert alone[FORMS[0]] != alone[FORMS[1]]
    together = threading.Barrier(len(FORMS))

    def builds(name: str) -> list[str]:
        together.wait()
        return [_text(EXAMPLES / name) for _ in range(ROUNDS)]

    with ThreadPoolExecutor(len(FORMS)) as pool:
        results = {name: pool.submit(builds, name) for name in FORMS}
        for name, future in results.items():
            assert future.result() == [alone[name]] * ROUNDS, name


def test_a_runaway_form_text_on_one_thread_leaves_a_build_beside_it_alone(tmp_path):
    """The hostile form is stopped by its own budget (F007); the ordinary one, built meanwhile, is unchanged."""
    hostile = tmp_path / "失控.yaml"
    hostile.write_text(MINIMAL + "开头: '{% for i in range(99999) %}{% for j in range(99999) %}"
                                 "{% endfor %}{% endfor %}'\n", encoding="utf-8")
    ordinary = EXAMPLES / FORMS[1]
    alone = _text(ordinary)
    together = threading.Barrier(2)

    def stopped() -> FormError:
        together.wait()
        with pytest.raises(FormError) as info:
            _text(hostile)
        return info.value

    def built() -> list[str]:
        together.wait()
        return [_text(ordinary) for _ in range(ROUNDS)]

    with ThreadPoolExecutor(2) as pool:
        error, texts = pool.submit(stopped), pool.submit(built)
        assert texts.result() == [alone] * ROUNDS
        assert [p.code for p in error.result().problems] == ["F007"]
        assert "开头里的模板停止运行：运行超过" in error.result().problems[0].message
