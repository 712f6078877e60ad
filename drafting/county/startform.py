"""The text a unit starts a round with: `draft next` of its last accepted form, else a blank form of the template."""
from __future__ import annotations

from datetime import date
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

    标题 is left out, so the template drafts it from 落款 and 期间 until the unit writes its own.
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
    return dump_round_trip(yaml, data)


def next_of(previous: Path, period: Period, target: Path, session: Session) -> str | None:
    """`draft next` of the form at ``previous`` for ``period``, written as if at ``target``; None when unreadable."""
    try:
        return next_form_text(load_form(previous, session), period, None, target)
    except DraftError:
        return None
