"""The home page (a user's forms), and the county's pages: a round's dashboard, return, accept, roll-up, export, audit."""
from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import DraftError
from .access import address_of, audit, not_found, refusing, said, who
from .auth import form_fields
from .context import Context
from .guard import Identity
from .pages import BEIJING, render, shown_time
from .store import count_latest, working_name
from .units import form_url

AUDIT_SHOWN = 500          # entries the audit page lists (the CSV has them all)
MAX_COMMENT = 2000         # characters of a return comment


def _today(now: datetime.datetime) -> datetime.date:
    """The date in Beijing at ``now`` (what a due date is compared with)."""
    return now.astimezone(BEIJING).date()


def _row(submission: Any, now: datetime.datetime) -> dict[str, Any]:
    """What a page shows of one submission."""
    from ..county.rounds import overdue

    round_ = submission.round
    return {"id": submission.id, "round": submission.round_id, "name": working_name(submission), "unit": submission.unit.name,
            "template": round_.template, "period": round_.period, "due": round_.due.isoformat(),
            "state": submission.state, "changed": shown_time(submission.updated_at),
            "by": submission.updater.name if submission.updater else "", "findings": submission.findings,
            "comment": submission.comment, "overdue": overdue(submission, _today(now))}


def _account(db: Any, identity: Identity) -> Any:
    """The account row of ``identity``."""
    from ..county.models import Account

    return db.get(Account, identity.account_id)


def _home(db: Any, now: datetime.datetime, identity: Identity) -> dict[str, Any]:
    """The home page's data: the forms the account may open and, for the county, the rounds."""
    from sqlalchemy import select

    from ..county.models import Round
    from ..county.rounds import visible_submissions

    forms = [_row(s, now) for s in visible_submissions(db, _account(db, identity)) if s.version > 0]
    rounds: list[dict[str, Any]] = []
    if identity.is_county:
        for round_ in db.scalars(select(Round).order_by(Round.opened_at.desc(), Round.id.desc())):
            units = [f for f in forms if f["round"] == round_.id and f["unit"] != identity.unit]
            rounds.append({"id": round_.id, "template": round_.template, "period": round_.period,
                           "due": round_.due.isoformat(), "units": len(units),
                           "submitted": sum(f["state"] == "已提交" for f in units),
                           "accepted": sum(f["state"] == "已采用" for f in units)})
        forms = [f for f in forms if f["unit"] == identity.unit]  # the county's own (rolled-up) forms; the rest: dashboards
    return {"forms": forms, "rounds": rounds}


def _dashboard(db: Any, now: datetime.datetime, round_id: int) -> dict[str, Any] | None:
    """A round's dashboard data (None: no such round): one row per unit, the county's own form apart."""
    from sqlalchemy import select

    from ..county.models import Round, Submission

    round_ = db.get(Round, round_id)
    if round_ is None:
        return None
    found = list(db.scalars(select(Submission).where(Submission.round_id == round_id)))
    county = [_row(s, now) for s in found if s.unit.is_county and s.version > 0]
    return {"round": {"id": round_.id, "template": round_.template, "period": round_.period, "due": round_.due.isoformat()},
            "rows": sorted((_row(s, now) for s in found if not s.unit.is_county), key=lambda r: r["unit"]),
            "county": county[0] if county else None}


def _decide(db: Any, now: datetime.datetime, identity: Identity, address: str, submission_id: int, action: str,
            comment: str) -> None:
    """退回 (with ``comment``) or 采用 of a submission (county.rounds writes the audit line, refusals too)."""
    from ..county.rounds import accept, return_, submission_for

    account = _account(db, identity)
    submission = submission_for(db, account, submission_id)
    if action == "退回":
        return_(db, account, submission, comment, now, address)
    else:
        accept(db, account, submission, now, address)


def _rollup_inputs(db: Any, now: datetime.datetime, context: Context, identity: Identity, round_id: int) -> Any:
    """What the round's roll-up reads (None: no such round), gathered in a short transaction."""
    from ..county.models import Round
    from ..county.rounds import rollup_inputs

    round_ = db.get(Round, round_id)
    if round_ is None:
        return None
    return rollup_inputs(db, context.data_dir, _account(db, identity), round_, now)


def _rollup_saved(db: Any, now: datetime.datetime, context: Context, identity: Identity, address: str, inputs: Any,
                  text: str) -> str:
    """The rolled-up text saved as the county form's next version; that form's URL."""
    from ..county.rounds import save_rollup

    return form_url(save_rollup(db, context.data_dir, _account(db, identity), inputs, text, now, address))


def _exported(db: Any, now: datetime.datetime, context: Context, round_id: int) -> tuple[str, str, bytes] | None:
    """The round's name, its zip's file name and the zip (None: no such round); made in a reading transaction, so
    no save waits while the built reports are zipped."""
    from ..county.models import Round
    from ..county.rounds import export_round

    round_ = db.get(Round, round_id)
    if round_ is None:
        return None
    return f"{round_.template} {round_.period}", f"{round_.template}-{round_.period}.zip", \
        export_round(db, context.data_dir, round_)


def _export_logged(db: Any, now: datetime.datetime, identity: Identity, address: str, object_: str, size: int) -> None:
    """The audit line of an export (nothing was changed, so its own short transaction)."""
    audit(db, identity, address, "导出", object_, f"{size} 字节", now)


def _audit_rows(db: Any, now: datetime.datetime, limit: int | None) -> list[dict[str, str]]:
    """The newest ``limit`` audit entries as the audit page shows them."""
    from ..county.audit import entries

    return [{"at": shown_time(e.at), "account": e.account, "unit": e.unit, "address": e.address, "action": e.action,
             "object": e.object, "result": e.result} for e in entries(db, limit)]


def _audit_csv(db: Any, now: datetime.datetime) -> str:
    """Every audit entry as CSV."""
    from ..county.audit import as_csv, entries

    return as_csv(entries(db))


def routes(context: Context) -> list[Route]:
    """/, /rounds/<id> (+ rollup, export), /s/<id>/return, /s/<id>/accept, /audit, /audit.csv."""

    async def home(request: Request) -> Response:
        """GET /: the user's forms (and, for the county, the rounds)."""
        identity = who(request)
        found = await context.read(_home, identity)
        return HTMLResponse(render("home.html", identity=identity, token=identity.csrf, **found))

    async def dashboard(request: Request) -> Response:
        """GET /rounds/<id>: the round's dashboard (county only)."""
        identity = who(request, county=True)
        found = await context.read(_dashboard, request.path_params["rid"])
        if found is None:
            raise not_found(identity)
        return HTMLResponse(render("dashboard.html", identity=identity, token=identity.csrf, **found))

    def deciding(action: str) -> Any:
        """The POST handler of 退回 or 采用 (county only)."""
        async def decide(request: Request) -> Response:
            """退回 (with the form's comment) or 采用, then back to the round's dashboard."""
            identity = who(request, county=True)
            comment = (await form_fields(request)).get("comment", "").strip()
            try:
                await context.db(_decide, identity, address_of(request), request.path_params["sid"], action,
                                 comment[:MAX_COMMENT])
            except DraftError as error:
                return _refused(identity, error)
            return RedirectResponse(await _round_of(context, request.path_params["sid"]), status_code=303)
        return decide

    async def rollup(request: Request) -> Response:
        """POST /rounds/<id>/rollup: roll up the accepted forms and open the county's form."""
        identity = who(request, county=True)
        from ..county.rounds import rolled_text
        from ..options import Session

        try:  # the forms are read and rolled up outside any transaction: logins and saves do not wait for it
            inputs = await context.db(_rollup_inputs, context, identity, request.path_params["rid"])
            if inputs is None:
                raise not_found(identity)
            text = await context.pools.commands.run(rolled_text, context.data_dir, inputs, Session(context.options))
            url = await context.db(_rollup_saved, context, identity, address_of(request), inputs, text)
        except DraftError as error:
            return _refused(identity, error)
        await count_latest(context, inputs.county_id)  # the roll-up's inputs name the county form it saved
        return RedirectResponse(url, status_code=303)

    async def export(request: Request) -> Response:
        """GET /rounds/<id>/export: the round as a zip."""
        identity = who(request, county=True)
        found = await context.read(_exported, context, request.path_params["rid"])
        if found is None:
            raise not_found(identity)
        object_, name, data = found
        await context.db(_export_logged, identity, address_of(request), object_, len(data))
        return Response(data, media_type="application/zip",
                        headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    async def audit_page(request: Request) -> Response:
        """GET /audit: the newest audit entries (county only, read-only)."""
        identity = who(request, county=True)
        rows = await context.read(_audit_rows, AUDIT_SHOWN)
        return HTMLResponse(render("audit.html", identity=identity, token=identity.csrf, entries=rows, limit=AUDIT_SHOWN))

    async def audit_csv(request: Request) -> Response:
        """GET /audit.csv: every audit entry as CSV (county only)."""
        who(request, county=True)
        text = await context.read(_audit_csv)
        return Response(("\ufeff" + text).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": "attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv"})

    return [Route("/", refusing(home)), Route("/rounds/{rid:int}", refusing(dashboard)),
            Route("/rounds/{rid:int}/rollup", refusing(rollup), methods=["POST"]),
            Route("/rounds/{rid:int}/export", refusing(export)),
            Route("/s/{sid:int}/return", refusing(deciding("退回")), methods=["POST"]),
            Route("/s/{sid:int}/accept", refusing(deciding("采用")), methods=["POST"]),
            Route("/audit", refusing(audit_page)), Route("/audit.csv", refusing(audit_csv))]


async def _round_of(context: Context, submission_id: int) -> str:
    """The dashboard of the submission's round (after 退回 or 采用)."""
    def found(db: Any, now: Any) -> str:
        """The dashboard URL of the submission's round."""
        from ..county.models import Submission

        submission = db.get(Submission, submission_id)
        return f"/rounds/{submission.round_id}" if submission else "/"
    return await context.read(found)


def _refused(identity: Identity, error: DraftError) -> Response:
    """The county layer's refusal: “not found” stays the same 404, the rest says why."""
    code = error.problems[0].code if error.problems else ""
    if code in NOT_YOURS:
        return not_found(identity).response
    return said(identity, error)


NOT_YOURS = ("K042",)  # county.rounds: no such submission, or not this account's (one answer for both)
