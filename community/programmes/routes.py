"""The programme pages: the list, a new programme (admins), a programme's page and the
application form."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.chat.rooms import find_user
from community.errors import NotFound, ValidationError
from community.extensions import db
from community.models import Programme, User
from community.permissions import can_administer, require_admin
from community.programmes import bp, services
from community.programmes.access import find_programme
from community.programmes.forms import ApplicationForm, ProgrammeForm
from community.programmes.pages import member_clusters, show_context
from community.validation import submit_form


@bp.get("/programmes")
def index():
    """Every programme, the latest first: each is a public call for mentors and mentees."""
    programmes = db.session.scalars(
        sa.select(Programme).order_by(Programme.starts_on.desc(), Programme.id.desc()))
    return render_template("programmes/index.html", programmes=list(programmes),
                           may_create=can_administer(current_user))


def _create(form: ProgrammeForm) -> Programme:
    """The programme and its other coordinators, all or nothing."""
    programme = services.create_programme(current_user, **form.values())
    for username in form.coordinator_names():
        try:
            user = find_user(username)
        except NotFound as error:
            raise ValidationError(error.message, {"coordinators": error.message}) from None
        services.add_coordinator(current_user, programme, user)
    return programme


@bp.route("/programmes/new", methods=["GET", "POST"])
@login_required
def new():
    """Admins create a programme; they coordinate it, with the members they name."""
    require_admin(current_user)
    form, created = ProgrammeForm(), []
    if submit_form(form, lambda: created.append(_create(form))):
        flash(_("The programme is created."), "success")
        return redirect(url_for("programmes.show", slug=created[0].slug))
    return render_template("programmes/new.html", form=form)


def _application_form(user: User, **kwargs) -> ApplicationForm | None:
    if not user.is_authenticated:
        return None
    return ApplicationForm(member_clusters(user), **kwargs)


@bp.get("/programmes/<slug>")
def show(slug: str):
    """A programme's page: what it is, its timeline and coordinators; its participants, pairs
    and chat room for insiders; the application form for members who have not applied."""
    programme = find_programme(slug)
    return render_template("programmes/show.html", **show_context(current_user, programme),
                           form=_application_form(current_user, formdata=None))


@bp.post("/programmes/<slug>/apply")
@login_required
def apply(slug: str):
    """Apply as a mentor or a mentee; refused, the page comes back with the form's errors."""
    programme = find_programme(slug)
    form = _application_form(current_user)
    if submit_form(form, lambda: services.apply_to_programme(current_user, programme,
                                                             **form.values())):
        flash(_("Your application is sent: a coordinator will answer it."), "success")
        return redirect(url_for("programmes.show", slug=slug, _anchor="apply"))
    return render_template("programmes/show.html", **show_context(current_user, programme),
                           form=form)



from community.programmes import coordination  # noqa: E402,F401  (its routes join the blueprint)
