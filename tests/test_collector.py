"""The collector is tuned once by the process owner (draft's entry); building never switches it."""
import gc
import subprocess
import sys

from drafting.collector import YOUNG_THRESHOLD

from .conftest import ROOT


def test_the_draft_process_tunes_it_once_at_start():
    code = ("import gc, sys; from drafting import entry, cli; "
            "cli.main = lambda: print(gc.get_threshold()[0], gc.isenabled(), gc.get_freeze_count() > 1000); entry.run()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.split() == [str(YOUNG_THRESHOLD), "True", "True"], result.stderr


def test_building_leaves_the_collector_alone(tmp_path):
    """Bug: each build switched the collector off and on again, for every thread of the process."""
    from drafting.commands.build import build

    (tmp_path / "表单.yaml").write_text("模板: 通用\n标题: 标题\n开头: 开头。\n", encoding="utf-8")
    switched = []
    before = gc.get_threshold()
    real_disable = gc.disable
    gc.disable = lambda: switched.append("disable")
    try:
        build(tmp_path / "表单.yaml", fmt="txt")
    finally:
        gc.disable = real_disable
    assert switched == [] and gc.isenabled() and gc.get_threshold() == before
