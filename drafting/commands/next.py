"""``draft next``: the next period's form written from this one."""
from __future__ import annotations

from pathlib import Path

from ..atomic import write_new
from ..authoring.nextform import next_form_name, next_form_text
from ..errors import FormError, Location, Problem
from ..form.period import Period, parse_period
from ..form.validate import load_form
from ..options import Session


def next_form(form_path: Path, period: str | None, output: Path | None, last_year: Path | None,
              session: Session) -> tuple[Path, Period]:
    """Write the next period's form; returns where it went and its period. Raises FormError or OutputError."""
    current = load_form(form_path, session)
    if period is None:
        if current.period is None:
            raise FormError(Problem(Location(current.name, 1, 1), "表单没有“期间”，无法推算下一期",
                                    "用 --period 指定新期间，或先在表单里写上期间", "N001"))
        new_period = current.period.next()
    else:
        parsed = parse_period(period)
        if parsed is None:
            raise FormError(Problem(Location("命令行"), f"期间“{period}”无法识别",
                                    "写成 2023年第三季度 或 2023Q3、2023年上半年 或 2023H1、2023年度 或 2023、2023年7月 或 2023-07", "N002"))
        new_period = parsed
    if new_period.year > 9999:
        raise FormError(Problem(Location(current.name, 1, 1), f"下一期是{new_period.year}年，超出了四位数的年份",
                                "用 --period 指定新期间", "N004"))
    target = output or form_path.parent / next_form_name(form_path.name, current.period, new_period)
    text = next_form_text(current, new_period, last_year, target)
    write_new(target, text.encode("utf-8"), session.options.overwrite, "用 -o 换一个文件名，或加 --overwrite")
    return target, new_period
