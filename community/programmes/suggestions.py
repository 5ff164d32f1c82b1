"""The coordinators' matching page: the suggested pairs with their score and reasons, confirmed
one by one or all at once, and the mentees none fits, with the reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from community.errors import Conflict, ValidationError
from community.models import Programme
from community.programmes import bp
from community.programmes.access import find_programme, require_coordinator
from community.programmes.matching import Suggestion, suggest_pairs
from community.programmes.services import create_pair
from community.transaction import discard_action


def _coordinated(slug: str) -> Programme:
    programme = find_programme(slug)
    require_coordinator(current_user, programme)
    return programme


def _confirm(programme: Programme, suggestions: list[Suggestion]) -> bool:
    """Create the pairs (each told, each with its room): all of them, or none on a refusal."""
    try:
        for suggestion in suggestions:
            create_pair(current_user, programme, suggestion.mentor.user.username,
                        suggestion.mentee.user.username, score=suggestion.score,
                        reasons=list(suggestion.reasons))
    except (Conflict, ValidationError) as error:
        discard_action()
        flash(error.message, "danger")
        return False
    return True


@bp.get("/programmes/<slug>/suggestions")
def suggestions(slug: str):
    """The optimal assignment of the unpaired mentees, to confirm; asked again after each
    confirmation, so it always suggests for those still unpaired."""
    programme = _coordinated(slug)
    return render_template("programmes/suggestions.html", programme=programme,
                           matching=suggest_pairs(programme))


@bp.post("/programmes/<slug>/suggestions/confirm")
def confirm_suggestion(slug: str):
    """Confirm one suggested pair, as it is suggested now (its score and reasons are kept)."""
    programme = _coordinated(slug)
    wanted = (request.form.get("mentor"), request.form.get("mentee"))
    if not all(wanted):
        abort(400)
    found = [s for s in suggest_pairs(programme).suggestions
             if (s.mentor.user.username, s.mentee.user.username) == wanted]
    if not found:
        flash(_("This suggestion has changed: look at the new one."), "warning")
    elif _confirm(programme, found):
        flash(_("The pair is confirmed: both are told and can talk in their own room."),
              "success")
    return redirect(url_for("programmes.suggestions", slug=programme.slug))


@bp.post("/programmes/<slug>/suggestions/confirm-all")
def confirm_all_suggestions(slug: str):
    """Confirm every suggested pair at once (one action: all of them or none)."""
    programme = _coordinated(slug)
    found = suggest_pairs(programme).suggestions
    if found and _confirm(programme, found):
        flash(_("The suggested pairs are confirmed: each pair is told."), "success")
    return redirect(url_for("programmes.suggestions", slug=programme.slug))
