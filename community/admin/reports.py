"""The reports page: each reported target in context (the thread or chat around it, or the
profile), its author's history, every report and note, and the actions. Moderators review
everything, cluster managers the content of their clusters."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_sqlalchemy.pagination import SelectPagination

from community.admin import bp
from community.errors import Conflict, ValidationError
from community.extensions import db
from community.models.moderation import REPORT_TARGETS
from community.moderation import context, targets
from community.moderation import reports as review
from community.pagination import page_number

PER_PAGE = 10
REASONS = {"spam": _l("Spam"), "abuse": _l("Abuse"), "off_topic": _l("Off topic"),
           "other": _l("Other")}
ACTIONS = {"dismiss": _l("Dismiss"), "hide": _l("Hide"), "restore": _l("Restore"),
           "delete": _l("Delete")}
DONE = {"dismiss": _l("Dismissed"), "hide": _l("Hidden"), "restore": _l("Restored"),
        "delete": _l("Deleted")}
KINDS = {"post": _l("Posts"), "message": _l("Chat messages"), "user": _l("Profiles")}


class RowPagination(SelectPagination):
    """A page of rows (not ORM objects): the grouped targets of the queue."""

    def _query_items(self) -> list:
        statement = self._query_args["select"]
        statement = statement.limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(statement).all())


def filters() -> tuple[str, str | None]:
    status = request.args.get("status", "open")
    kind = request.args.get("type") or None
    return ("resolved" if status == "resolved" else "open",
            kind if kind in REPORT_TARGETS else None)


@bp.get("/reports")
@login_required
def reports():
    """The queue, grouped by target: `?status=open|resolved&type=post|message|user&page=`."""
    status, kind = filters()
    page = RowPagination(select=review.target_groups(current_user, status, kind),
                         session=db.session, page=page_number(), per_page=PER_PAGE,
                         max_per_page=PER_PAGE, error_out=False)
    return render_template("admin/reports.html", page=page, cases=context.cases(page.items, status),
                           status=status, kind=kind, kinds=KINDS, reasons=REASONS,
                           actions=ACTIONS, done=DONE, hidden_item=targets.is_hidden)


@bp.post("/reports/<int:report_id>")
@login_required
def act_on_report(report_id: int):
    """The action buttons of a target: its open reports resolved together, with the note."""
    report = review.find_report(current_user, report_id)
    action = request.form.get("action", "")
    try:
        review.act_on_report(current_user, report, action, request.form.get("note", ""))
    except (Conflict, ValidationError) as error:
        flash(error.fields.get("action") or error.fields.get("note") or error.message, "danger")
    else:
        flash(_("Done: %(outcome)s.", outcome=DONE.get(action, action)), "success")
    status, kind = filters()
    return redirect(url_for("admin.reports", status=status, type=kind,
                            page=page_number() if page_number() > 1 else None))
