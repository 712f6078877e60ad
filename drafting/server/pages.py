"""The county server's own pages (login, home, dashboard, versions, audit), rendered from server/web with every value escaped."""
from __future__ import annotations

import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

WEB = Path(__file__).parent / "web"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))  # what the clerks read (stored as UTC)


@lru_cache(maxsize=1)
def _environment() -> Any:
    """The Jinja environment of server/web (every value escaped), made once."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(loader=FileSystemLoader(str(WEB)), autoescape=select_autoescape(["html"]))
    environment.filters["shown_time"] = shown_time
    environment.filters["path_url"] = path_url
    return environment


def render(page: str, **values: Any) -> str:
    """The page ``page`` (a file in server/web) rendered with ``values``."""
    return _environment().get_template(page).render(**values)


def shown_time(moment: datetime.datetime | None) -> str:
    """A stored UTC time as the pages show it (Beijing time, to the minute); empty for none."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def path_url(name: str) -> str:
    """A file name as a URL path: each part quoted whole, the “/” kept."""
    return "/".join(quote(part, safe="") for part in name.split("/"))
