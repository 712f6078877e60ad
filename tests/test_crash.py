"""Internal errors: the traceback saved to a file in the temporary folder, the user told where."""
from __future__ import annotations

from drafting.crash import INTERNAL, internal_problem, save_traceback


def test_the_traceback_is_saved_and_the_problem_names_the_file():
    try:
        raise RuntimeError("a defect")
    except RuntimeError:
        path = save_traceback()
        problem = internal_problem("表.yaml")
    with open(path, encoding="utf-8") as saved:
        assert "RuntimeError: a defect" in saved.read()
    assert problem.code == "X001" and str(problem.location) == "表.yaml"
    assert problem.message.startswith(INTERNAL.rstrip("。")) and "详细信息已保存到 " in problem.message
