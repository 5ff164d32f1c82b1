"""The account settings page: password, e-mail address, language, sessions (each one listed,
ended one by one or all but this one), API tokens, and your data (download it, erase the
account)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from community.auth import bp, data, services
from community.auth.data import erase_limit, export_attachment
from community.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmActionForm,
    EraseAccountForm,
    LocaleForm,
    TokenForm,
)
from community.auth.revocation import end_live_sessions
from community.auth.sessions import current_session_key, start_session
from community.auth.user_sessions import (
    active_sessions,
    end_user_session,
    masked_place,
    revoke_sessions,
)
from community.errors import AppError, NotFound
from community.extensions import db
from community.i18n import isolate_plain
from community.models import ApiToken
from community.validation import discard_refused, show_errors, submit_form


def render_settings(status: int = 200, **forms):
    user = current_user
    locale_form = forms.pop("locale_form", None) or LocaleForm(
        formdata=None, data={"locale": user.locale or ""})
    context = {
        "password_form": ChangePasswordForm(formdata=None),
        "email_form": ChangeEmailForm(formdata=None),
        "token_form": TokenForm(formdata=None),
        "erase_form": EraseAccountForm(formdata=None),
        "action_form": ConfirmActionForm(),
        "locale_form": locale_form,
        "tokens": services.active_api_tokens(user),
        "sessions": active_sessions(user),
        "this_session": current_session_key(), "masked_place": masked_place,
        "new_token": None,
    }
    context.update(forms)
    return render_template("auth/settings.html", **context), status


def sign_in_again(user) -> None:
    """Keep this browser signed in after the session version moved on."""
    cookie_name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    remember_cookie = request.cookies.get(cookie_name)
    start_session(user, remember=remember_cookie is not None)


@bp.get("/settings/account")
@login_required
def account_settings():
    return render_settings()


@bp.post("/settings/account/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if submit_form(form, lambda: services.change_password(current_user, form.current_password.data,
                                                     form.password.data)):
        sign_in_again(current_user)
        flash(_("Your password is changed. Your other sessions are signed out."), "success")
        return redirect(url_for("auth.account_settings"))
    return render_settings(password_form=form)


@bp.post("/settings/account/email")
@login_required
def change_email():
    form = ChangeEmailForm()
    if submit_form(form, lambda: services.request_email_change(
            current_user, form.password.data, form.email.data)):
        flash(_("We sent a link to %(email)s. Your address changes when you open it.",
                email=isolate_plain(current_user.pending_email)), "success")
        return redirect(url_for("auth.account_settings"))
    return render_settings(email_form=form)


@bp.post("/settings/account/email/cancel")
@login_required
def cancel_email_change():
    if ConfirmActionForm().validate_on_submit():
        services.cancel_email_change(current_user)
        flash(_("The change of e-mail address is cancelled."), "info")
    return redirect(url_for("auth.account_settings"))


@bp.post("/settings/account/locale")
@login_required
def change_locale():
    form = LocaleForm()
    if submit_form(form, lambda: services.set_locale(current_user, form.locale.data or None)):
        if form.locale.data:
            session["locale"] = form.locale.data
        else:
            session.pop("locale", None)
        flash(_("Your language is saved."), "success")
        return redirect(url_for("auth.account_settings"))
    return render_settings(locale_form=form)


@bp.post("/settings/account/sessions")
@login_required
def sign_out_everywhere():
    if not ConfirmActionForm().validate_on_submit():
        return redirect(url_for("auth.account_settings"))
    services.sign_out_everywhere(current_user)
    logout_user()
    flash(_("You are signed out on every device, including this one."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/settings/account/sessions/<session_id>/end")
@login_required
def end_one_session(session_id: str):
    """End one of the member's sessions (404 for someone else's)."""
    if ConfirmActionForm().validate_on_submit():
        end_user_session(current_user, session_id)
        flash(_("That session is signed out."), "info")
    return redirect(url_for("auth.account_settings"))


@bp.post("/settings/account/sessions/others")
@login_required
def end_other_sessions():
    """Sign out every other browser, keeping this one."""
    if ConfirmActionForm().validate_on_submit():
        revoke_sessions(current_user.id, keep=current_session_key())
        end_live_sessions(current_user)
        flash(_("Your other sessions are signed out."), "info")
    return redirect(url_for("auth.account_settings"))


@bp.post("/settings/account/tokens")
@login_required
def create_token():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, secret = services.issue_api_token(current_user, form.name.data)
        except AppError as error:
            show_errors(form, error)
        else:
            # Shown once, in this response only: never put in a flash (the cookie keeps it).
            return render_settings(201, new_token={"name": token.name, "secret": secret})
    discard_refused(form)
    return render_settings(token_form=form)


@bp.post("/settings/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmActionForm().validate_on_submit():
        token = db.session.get(ApiToken, token_id)
        if token is None:
            raise NotFound(_("No such token."))
        services.revoke_api_token(current_user, token)
        flash(_("The token “%(name)s” is revoked.", name=isolate_plain(token.name or "—")), "info")
    return redirect(url_for("auth.account_settings"))


@bp.get("/settings/account/export")
@login_required
def download_data():
    """The same JSON document as `GET /api/v1/me/export`, as a file download."""
    return export_attachment(current_user._get_current_object())


@bp.post("/settings/account/erase")
@login_required
@erase_limit
def erase_account():
    """Erase the account (password and the confirmation box), then sign this browser out."""
    form = EraseAccountForm()
    if submit_form(form, lambda: data.erase_account(current_user._get_current_object(),
                                               form.password.data)):
        logout_user()
        flash(_("Your account is erased. Thank you for having been part of i-Community."),
              "info")
        return redirect(url_for("home.index"))
    return render_settings(erase_form=form)
