"""HTML routes of accounts: register, confirm, sign in and out, reset a password."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from community.auth import bp, services
from community.auth.account_rules import registration_problems
from community.auth.forms import LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from community.auth.revocation import end_live_sessions
from community.auth.sessions import end_session, start_session
from community.errors import AppError, PermissionDenied, Unauthorized, ValidationError
from community.i18n import chosen_language, isolate_plain
from community.profiles.onboarding import is_profile_complete
from community.ratelimit import address_limit
from community.times import guessed_timezone
from community.urls import safe_next
from community.validation import discard_refused, show_errors


def next_target(default: str = "home.index") -> str:
    return safe_next(request.args.get("next")) or url_for(default)


@bp.route("/register", methods=["GET", "POST"])
@address_limit("REGISTER_RATE_LIMIT", "10 per hour")
def register():
    """The language is the page's: the one a visitor chose with the switcher, else none (the
    browser's), changed later in the settings."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if form.is_submitted() and registration_is_valid(form):
        try:
            user = services.register_user(
                username=form.username.data, email=form.email.data,
                password=form.password.data, display_name=form.display_name.data,
                country=form.country.data, locale=chosen_language(),
                timezone=guessed_timezone(form.timezone.data))
        except AppError as error:
            show_errors(form, error)
        else:
            start_session(user)
            flash(_("Welcome, %(name)s! We sent a link to %(email)s: open it to confirm your "
                    "address and start posting.", name=isolate_plain(user.display_name),
                    email=isolate_plain(user.email)),
                  "success")
            return redirect(url_for("home.index"))
    discard_refused(form)
    return render_template("auth/register.html", form=form)


def registration_is_valid(form: RegisterForm) -> bool:
    """Every field checked in one pass, the password's checks and the taken names included,
    so that the form reports all its problems at once rather than in rounds."""
    form.validate()
    problems = registration_problems(form.username.data, form.email.data, form.password.data,
                                     form.display_name.data, form.country.data)
    if problems:
        show_errors(form, ValidationError(_("Some fields are not valid."), problems))
    return not form.errors


@bp.route("/login", methods=["GET", "POST"])
@address_limit("SIGN_IN_RATE_LIMIT_ADDRESS", "30 per 10 minutes")
def login():
    if current_user.is_authenticated:
        return redirect(next_target())
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.login.data, form.password.data)
        except services.SignInThrottled as error:
            form.form_errors.append(error.message)
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        except (Unauthorized, PermissionDenied) as error:
            form.form_errors.append(error.message)
            status = error.status
        else:
            start_session(user, remember=bool(form.remember.data))
            return redirect(next_target())
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
def logout():
    user = current_user._get_current_object() if current_user.is_authenticated else None
    end_session()
    if user is not None:
        end_live_sessions(user)
        flash(_("You are signed out."), "info")
    return redirect(url_for("home.index"))


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    """The link in the confirmation mail (for the first address or a new one). A new member
    goes on to the welcome page (through signing in, in another browser); a changed address
    back to the settings."""
    first = current_user.is_authenticated and not current_user.is_confirmed
    try:
        user = services.confirm_email(token)
    except AppError as error:
        return render_template("auth/link_problem.html", message=error.message,
                               resend=True), error.status
    flash(_("Thank you: %(email)s is confirmed.", email=isolate_plain(user.email)), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("profiles.welcome" if first else "auth.account_settings"))
    if not current_user.is_authenticated and not is_profile_complete(user):
        return redirect(url_for("auth.login", next=url_for("profiles.welcome")))
    return redirect(url_for("home.index"))


@bp.post("/confirm/resend")
@login_required
@address_limit("RESEND_RATE_LIMIT", "10 per hour")
def resend_confirmation():
    target = services.resend_confirmation(current_user)
    if target is None:
        flash(_("Your e-mail address is already confirmed."), "info")
    else:
        flash(_("We sent a new confirmation link to %(email)s.",
                email=isolate_plain(target)), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


@bp.route("/reset", methods=["GET", "POST"])
@address_limit("RESET_RATE_LIMIT", "10 per hour")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@address_limit("RESET_RATE_LIMIT", "10 per hour")
def reset_password(token: str):
    """The link in the reset mail: choose a new password."""
    try:
        services.user_for_reset_token(token)
    except AppError as error:
        return render_template("auth/link_problem.html", message=error.message,
                               reset=True), error.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except AppError as error:
            show_errors(form, error)
        else:
            logout_user()
            flash(_("Your password is changed and every session is signed out. "
                    "Sign in with your new password."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


from community.auth import settings  # noqa: E402,F401  (the account settings pages)
