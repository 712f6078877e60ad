"""Every example paired with a changed copy: a sentence changed, an item deleted, one added, a figure changed,
an item moved — made on the form, so the pair goes through the pipeline as a user's two quarters would."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from drafting.form.roundtrip import dump_round_trip, load_round_trip

from ..conftest import EXAMPLES

EXAMPLE_FORMS = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "rollup").glob("*.yaml"))
_NOT_ITEMS = {"指标", "附件", "标题", "表头", "行", "列", "合并", "列宽", "对齐", "指标文件", "版头", "版式", "列举"}
ADDED = "新增加的一段：持续抓好各项工作落实，确保取得实效。"


def _item_lists(data: Any, key: str = "") -> list[list[Any]]:
    """The lists of items (headings, lead sentences, paragraphs) in a form, in order, deepest after their parent."""
    found: list[list[Any]] = []
    if isinstance(data, dict):
        for name, value in data.items():
            if str(name) not in _NOT_ITEMS:
                found += _item_lists(value, str(name))
    elif isinstance(data, list):
        if key and all(isinstance(v, str) or (isinstance(v, dict) and {"标题", "引语", "内容"} & set(map(str, v)))
                       for v in data):
            found.append(data)
        for value in data:
            found += _item_lists(value, key)
    return found


def _changed_sentence(text: str) -> str:
    """``text`` with four Chinese characters outside any {{ }} replaced by others."""
    plain = re.sub(r"\{\{.*?\}\}", lambda m: "\0" * len(m.group()), text)
    found = re.search(r"[\u4e00-\u9fff]{4}", plain[2:])
    assert found, text
    at = found.start() + 2
    return text[:at] + "认真落实" + text[at + 4:]


def changed_copy(form: Path, folder: Path) -> Path:
    """A copy of ``form`` (and the files beside it that it names) in ``folder``, with the five kinds of change."""
    for sibling in form.parent.iterdir():
        if sibling.is_file():
            shutil.copy(sibling, folder / sibling.name)
    yaml, data = load_round_trip(form.read_text(encoding="utf-8"))
    lists = _item_lists(data)
    opening = data.get("开头")
    if isinstance(opening, list):
        opening[0] = _changed_sentence(str(opening[0]))
    elif opening:
        data["开头"] = _changed_sentence(str(opening))
    else:  # the first paragraph an item prints
        item = next(v for items in lists for v in items if isinstance(v, str) or isinstance(v.get("内容"), str))
        if isinstance(item, str):
            lists[0][lists[0].index(item)] = _changed_sentence(item)
        else:
            item["内容"] = _changed_sentence(item["内容"])
    figures = data.get("指标")
    if isinstance(figures, dict) and figures:
        name = next(iter(figures))
        value = figures[name]
        if isinstance(value, dict):
            key = "值" if "值" in value else next(iter(value))
            value[key] = _plus_seven(value[key])
        else:
            figures[name] = _plus_seven(value)
    lists = [items for items in lists if len(items) >= 2]
    if not lists:  # a form of one paragraph: an item added is all it can take
        data["正文"] = [ADDED]
    else:
        longest = max(lists, key=len)
        del longest[-1]  # an item deleted
        longest.insert(1, ADDED)  # an item added
        moved = lists[-1] if lists[-1] is not longest or len(lists) == 1 else lists[0]
        moved[0], moved[-1] = moved[-1], moved[0]  # an item moved: the first and the last change places
    target = folder / f"{form.stem}-changed.yaml"
    target.write_text(dump_round_trip(yaml, data), encoding="utf-8")
    return target


def _plus_seven(value: Any) -> Any:
    """A figure's value with 7 added to its first number."""
    if isinstance(value, (int, float)):
        return value + 7
    return re.sub(r"\d+", lambda m: str(int(m.group()) + 7), str(value), count=1)
