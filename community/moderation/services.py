"""Filing a report: one place for every kind of target, so reasons and notes are checked alike."""

from __future__ import annotations

from community.extensions import db
from community.models import User
from community.models.moderation import Report
from community.text import clean_text
from community.validation import REPORT_SCHEMA, validate


def file_report(actor: User, target_type: str, target_id: int, reason, note="") -> Report:
    """Store a report; the caller has checked the actor may write and may see the target."""
    values = validate({"reason": reason, "note": "" if note is None else note}, REPORT_SCHEMA)
    report = Report(target_type=target_type, target_id=target_id, reason=values["reason"],
                    note=clean_text(values["note"]).strip(), reporter=actor)
    db.session.add(report)
    db.session.flush()
    return report
