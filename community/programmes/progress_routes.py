"""The progress pages: a session's page (its details, its notes, the note form for mentor and
mentee, attendance for coordinators) and the coordinators' dashboard."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from community.models import utcnow
from community.programmes import bp, progress
from community.programmes.access import (
    find_programme,
    is_coordinator,
    may_keep_notes,
    require_coordinator,
)
from community.validation import FormRule, discard_refused, form_action


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Notes"), validators=[FormRule(progress.NOTE_SCHEMA["body"])],
                         render_kw={"rows": 6, "dir": "auto"})
    goals = TextAreaField(_l("Goals reached (one per line)"),
                          render_kw={"rows": 3, "dir": "auto"})

    def values(self) -> dict:
        return {"body": self.body.data or "",
                "goals_reached": (self.goals.data or "").splitlines()}


class AttendanceForm(FlaskForm):
    present = SelectMultipleField(_l("Attended"), coerce=int, choices=[],
                                  widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())


def _attendance_form(session, submitted: bool = False) -> AttendanceForm:
    """Ticked as recorded, or as submitted."""
    form = AttendanceForm() if submitted else AttendanceForm(
        present=sorted(progress.attended_ids(session)))
    form.present.choices = [(user.id, user.display_name)
                            for user in progress.attendance_candidates(session)]
    return form


def _session_page(programme, session, note_form=None, attendance_form=None):
    """The page, with whichever forms the viewer may use."""
    progress.require_session_viewer(current_user, session)
    happened = progress.has_happened(session)
    if note_form is None and happened and may_keep_notes(current_user, session):
        note = progress.note_of(current_user, session)
        note_form = NoteForm(body=note.body if note else "",
                             goals="\n".join(note.goals_reached) if note else "")
    coordinator = is_coordinator(current_user, programme)
    if (attendance_form is None and coordinator and happened
            and session.kind != "bilateral"):
        attendance_form = _attendance_form(session)
    return render_template("programmes/session.html", programme=programme, session=session,
                           notes=progress.visible_notes(current_user, session),
                           note_form=note_form, attendance_form=attendance_form,
                           coordinator=coordinator, happened=happened)


@bp.get("/programmes/<slug>/sessions/<int:session_id>")
@login_required
def session_page(slug: str, session_id: int):
    """A session: when and where (in the viewer's zone), its notes and goals reached."""
    programme = find_programme(slug)
    return _session_page(programme, progress.find_session(programme, session_id))


@bp.post("/programmes/<slug>/sessions/<int:session_id>/note")
@login_required
def save_note(slug: str, session_id: int):
    """Mentor or mentee saves their note on the session."""
    programme = find_programme(slug)
    session = progress.find_session(programme, session_id)
    progress.require_session_viewer(current_user, session)
    form = NoteForm()
    if form.validate_on_submit() and form_action(
            form, lambda: progress.save_note(current_user, session, **form.values())):
        flash(_("Your notes are saved."), "success")
        return redirect(url_for("programmes.session_page", slug=slug, session_id=session.id))
    discard_refused(form)
    return _session_page(programme, session, note_form=form)


@bp.post("/programmes/<slug>/sessions/<int:session_id>/attendance")
@login_required
def save_attendance(slug: str, session_id: int):
    """A coordinator records who attended."""
    programme = find_programme(slug)
    session = progress.find_session(programme, session_id)
    require_coordinator(current_user, programme)
    form = _attendance_form(session, submitted=True)
    if form.validate_on_submit() and form_action(form, lambda: progress.record_attendance(
            current_user, session, set(form.present.data or []))):
        flash(_("Attendance is saved."), "success")
        return redirect(url_for("programmes.session_page", slug=slug, session_id=session.id))
    discard_refused(form)
    return _session_page(programme, session, attendance_form=form)


@bp.get("/programmes/<slug>/dashboard")
@login_required
def dashboard(slug: str):
    """The coordinators' view of the programme's progress."""
    programme = find_programme(slug)
    require_coordinator(current_user, programme)
    now = utcnow()
    pairs = progress.pair_activity(programme, now)
    return render_template("programmes/dashboard.html", programme=programme, pairs=pairs,
                           quiet=sum(pair.quiet for pair in pairs),
                           meetings=progress.meeting_attendance(programme, now),
                           goals=progress.goals_reached(programme), number=format_number)
