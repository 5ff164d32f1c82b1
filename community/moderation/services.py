"""Filing a report: one place for every kind of target, so reasons and notes are checked alike."""

from __future__ import annotations

from flask_babel import gettext as _

from community.errors import ValidationError
from community.extensions import db
from community.models import User
from community.models.moderation import REPORT_REASONS, Report
from community.text import clean_text

NOTE_MAX = 1000


def file_report(actor: User, target_type: str, target_id: int, reason, note="") -> Report:
    """Store a report; the caller has checked the actor may write and may see the target."""
    problems = {}
    if reason not in REPORT_REASONS:
        problems["reason"] = _("Must be one of: %(choices)s.", choices=", ".join(REPORT_REASONS))
    if note is not None and (not isinstance(note, str) or len(note) > NOTE_MAX):
        problems["note"] = _("At most %(n)d characters.", n=NOTE_MAX)
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    report = Report(target_type=target_type, target_id=target_id, reason=reason,
                    note=clean_text(note).strip(), reporter=actor)
    db.session.add(report)
    db.session.flush()
    return report
