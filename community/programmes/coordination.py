"""The coordinators' page of a programme: applications to accept or decline, pairing by hand,
scheduling sessions and (admins) naming coordinators. Each form posts to its own address and,
refused, comes back on this page with its errors (200, nothing written)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.chat.rooms import find_user
from community.permissions import can_administer
from community.programmes import bp, services
from community.programmes.access import find_programme, require_coordinator
from community.programmes.forms import CoordinatorForm, DecisionForm, PairForm, SessionForm
from community.programmes.pages import pairing_choices, pairs, participants
from community.times import select_timezone
from community.validation import submit_form


def _session_form(programme, **kwargs) -> SessionForm:
    pair_choices = [(str(p.id), f"{p.mentor.user.display_name} → {p.mentee.user.display_name}")
                    for p in pairs(programme)]
    people = [(p.user.username, p.user.display_name)
              for p in participants(programme, "accepted")]
    return SessionForm(pair_choices, people, **kwargs)


def _pair_form(programme, **kwargs) -> PairForm:
    form = PairForm(**kwargs)
    form.mentor.choices, form.mentee.choices = pairing_choices(programme)
    return form


def _page(programme, **forms):
    """The coordination page, with the given forms (as submitted) or blank ones."""
    blank = {"pair_form": lambda: _pair_form(programme, formdata=None),
             "session_form": lambda: _session_form(programme, formdata=None),
             "coordinator_form": lambda: CoordinatorForm(formdata=None),
             "decision_form": lambda: DecisionForm(formdata=None)}
    for name, make in blank.items():
        forms.setdefault(name, make())
    return render_template("programmes/manage.html", programme=programme,
                           applications=participants(programme),
                           zone=select_timezone(), may_name=can_administer(current_user),
                           **forms)


def _coordinated(slug: str):
    programme = find_programme(slug)
    require_coordinator(current_user, programme)
    return programme


def _answer(programme, form_name: str, form, action, done: str):
    """Run a coordinator's form: back to the page with a notice, or the page again with the
    form's errors (200, nothing written)."""
    if submit_form(form, action):
        flash(done, "success")
        return redirect(url_for("programmes.manage", slug=programme.slug))
    return _page(programme, **{form_name: form})


@bp.get("/programmes/<slug>/manage")
@login_required
def manage(slug: str):
    """The coordinators' page."""
    return _page(_coordinated(slug))


@bp.post("/programmes/<slug>/manage/decide")
@login_required
def decide(slug: str):
    """Accept or decline an application; the member is notified."""
    programme, form = _coordinated(slug), DecisionForm()
    return _answer(programme, "decision_form", form, lambda: services.decide_application(
        current_user, programme, services.find_participant(programme, form.username.data),
        form.state.data), _("The application is answered."))


@bp.post("/programmes/<slug>/manage/pairs")
@login_required
def pair(slug: str):
    """Pair a mentor with room and an unpaired mentee by hand."""
    programme = _coordinated(slug)
    form = _pair_form(programme)
    return _answer(programme, "pair_form", form, lambda: services.create_pair(
        current_user, programme, form.mentor.data, form.mentee.data),
        _("The pair is made: both are told."))


@bp.post("/programmes/<slug>/manage/sessions")
@login_required
def schedule(slug: str):
    """Schedule a session; its times are read in the coordinator's own zone."""
    programme = _coordinated(slug)
    form = _session_form(programme)
    return _answer(programme, "session_form", form, lambda: services.schedule_session(
        current_user, programme, **form.values(select_timezone())),
        _("The session is scheduled: its people are told."))


@bp.post("/programmes/<slug>/manage/coordinators")
@login_required
def name_coordinator(slug: str):
    """Admins name another coordinator, who joins the programme's room."""
    programme, form = _coordinated(slug), CoordinatorForm()
    return _answer(programme, "coordinator_form", form, lambda: services.add_coordinator(
        current_user, programme, find_user(form.username.data)),
        _("The coordinator is named."))
