"""The blocked terms page (admins): words that refuse a post or a message, and domains that
hold a post for approval, one a line."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from community.admin import bp
from community.moderation import spam
from community.permissions import require_admin
from community.validation import discard_refused, form_action


class BlockedTermsForm(FlaskForm):
    words = TextAreaField(_l("Blocked words"), render_kw={"rows": 10, "dir": "auto"})
    domains = TextAreaField(_l("Blocked domains"), render_kw={"rows": 10, "dir": "ltr"})


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@bp.route("/blocked-terms", methods=["GET", "POST"])
@login_required
def blocked_terms():
    """Both lists in two text areas; saving replaces them."""
    require_admin(current_user)
    terms = spam.terms_by_kind()
    form = BlockedTermsForm(data={"words": "\n".join(terms["word"]),
                                  "domains": "\n".join(terms["domain"])})
    if form.validate_on_submit() and form_action(form, lambda: spam.set_blocked_terms(
            current_user, lines(form.words.data), lines(form.domains.data))):
        flash(_("The blocked terms are saved."), "success")
        return redirect(url_for("admin.blocked_terms"))
    discard_refused(form)
    return render_template("admin/blocked_terms.html", form=form, terms=terms)
