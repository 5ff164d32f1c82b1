"""The welcome page where a member lands after confirming their address: complete the profile
(picture, headline, languages, expertise) and join suggested clusters, or skip it for now."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.clusters import services as clusters
from community.errors import Conflict, NotFound, PermissionDenied, ValidationError
from community.profiles import bp, onboarding
from community.profiles import services as profiles
from community.profiles.forms import SkipForm, WelcomeForm
from community.profiles.routes import saved_profile_form
from community.text import split_tags
from community.transaction import discard_action
from community.validation import discard_refused, form_action

SKIPPED = "welcome_skipped"  # in the session: the home page's hint stays hidden


bp.add_app_template_global(onboarding.is_profile_complete, "profile_complete")


@bp.app_template_global()
def shows_profile_hint() -> bool:
    """Whether the home page invites the member to the welcome page: a confirmed member whose
    profile is incomplete and who has not skipped it in this session."""
    return bool(current_user.is_authenticated and current_user.is_confirmed
                and not session.get(SKIPPED) and not onboarding.is_profile_complete(current_user))


def _save(form: WelcomeForm) -> None:
    """The profile fields and, when one is chosen, the picture: all or nothing."""
    profiles.update_profile(current_user, current_user, headline=form.headline.data or "",
                            country=form.country.data or None,
                            languages=form.languages.data or [],
                            expertise=split_tags(form.expertise.data))
    if form.file.data:
        profiles.update_avatar(current_user, current_user, form.file.data)


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    form = WelcomeForm() if request.method == "POST" else saved_profile_form(WelcomeForm)
    if form.validate_on_submit() and form_action(form, lambda: _save(form)):
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("profiles.welcome", _anchor="clusters"))
    discard_refused(form)
    return render_template("profiles/welcome.html", form=form,
                           suggestions=onboarding.suggested_clusters(current_user))


@bp.post("/welcome/clusters/<slug>/join")
@login_required
def welcome_join(slug: str):
    """Ask to join a suggested cluster (or accept its invitation), then back to the list."""
    try:
        cluster = clusters.find_cluster(slug, current_user)
        membership = clusters.request_membership(current_user, cluster)
    except (Conflict, NotFound, PermissionDenied, ValidationError) as error:
        discard_action()
        flash(error.message, "danger")
    else:
        flash(_("You are now a member of %(cluster)s.", cluster=cluster.name)
              if membership.state == "active" else
              _("Request sent to %(cluster)s: its managers will answer it.",
                cluster=cluster.name), "success")
    return redirect(url_for("profiles.welcome", _anchor="clusters"))


@bp.post("/welcome/skip")
@login_required
def welcome_skip():
    """"Skip for now": the hint leaves the home page for this session; the page stays at
    /welcome, linked from the profile settings."""
    if SkipForm().validate_on_submit():
        session[SKIPPED] = True
    return redirect(url_for("home.index"))
