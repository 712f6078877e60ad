"""The text a unit starts a round with: `draft next` of its last accepted form, else a blank form of the template."""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any
from pathlib import Path

from ..authoring.nextform import next_form_text
from ..commands.templates import new_form_text
from ..errors import DraftError
from ..form.period import Period
from ..form.roundtrip import dump_round_trip, load_round_trip, new_text
from ..form.validate import load_form
from ..options import Session


def blank_form(template: str, period: Period, unit: str, county: str, due: date, session: Session) -> str:
    """``draft new``'s form of ``template`` with 期间, 落款, 简称, 主送 and 日期 filled in for ``unit``.

    标题 is left out, so the template drafts it from 落款 and 期间 until the unit writes its own. The template's
    example figures keep their names and units but lose their numbers: a unit that fills nothing is shown 【待填】
    and a check error, not the example's 2966件 summed into the county's report.
    """
    yaml, data = load_round_trip(new_form_text(template, session))
    keys = list(data)
    for name, value in (("期间", period.code), ("落款", unit), ("主送", f"{county}：" if county else None),
                        ("日期", due)):
        if name in data and value is not None:
            data[name] = new_text(value) if isinstance(value, str) else value
    if "落款" in data:
        data.insert(keys.index("落款") + 1, "简称", new_text(unit))
    if "标题" in data:
        del data["标题"]
    if isinstance(data.get("指标"), MutableMapping):
        _without_example_numbers(data["指标"])
    return dump_round_trip(yaml, data)


def _without_example_numbers(figures: MutableMapping) -> None:
    """Each example figure as ``{单位: …}`` only (its 值, 上期, 去年同期, 来源 dropped), in place, comments kept."""
    from ruamel.yaml.comments import CommentedMap

    from ..form.figures import split_number_unit

    for name, value in list(figures.items()):
        if isinstance(value, Mapping):
            unit = value.get("单位")
        else:
            parsed = split_number_unit(str(value)) if value is not None else None
            unit = parsed[1] if parsed else None
        blank = CommentedMap([("单位", unit)]) if unit else None
        trailing = _trailing_comment(figures, name, value)
        if blank is not None and trailing is not None:  # the next field's comment hangs on this figure's last line
            blank.ca.items["单位"] = trailing
            figures.ca.items.pop(name, None)
        figures[name] = blank


def _trailing_comment(figures: Any, name: str, value: Any) -> list | None:
    """The comment ruamel keeps after a figure's last line (the next field's comment, for the last figure)."""
    if isinstance(value, Mapping) and hasattr(value, "ca") and value:
        return value.ca.items.get(list(value)[-1])
    entry = figures.ca.items.get(name) if hasattr(figures, "ca") else None
    return [None, None, entry[2], None] if entry and len(entry) > 2 and entry[2] is not None else None


def next_of(previous: Path, period: Period, target: Path, session: Session) -> str | None:
    """`draft next` of the form at ``previous`` for ``period``, written as if at ``target``; None when unreadable."""
    try:
        return next_form_text(load_form(previous, session), period, None, target)
    except DraftError:
        return None
