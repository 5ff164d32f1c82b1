"""Admin pages of accounts: the list of users with filters, a user's page (the moderator's view)
with the suspension and role forms, and those forms' actions (also posted from profile pages)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from community.admin import bp
from community.extensions import db
from community.i18n import countries, isolate_plain
from community.models.user import ROLES
from community.moderation import suspensions
from community.moderation.user_queries import (
    REPORT_LABELS,
    STATUS_LABELS,
    STATUSES,
    USER_FILTERS,
    account_status,
    find_account,
    user_record,
    users_query,
)
from community.pagination import page_number
from community.permissions import can_change_role, can_suspend, require_admin, require_moderator
from community.urls import safe_next
from community.validation import FormRule, is_valid, submit_form

PER_PAGE = 25
ROLE_LABELS = {"member": _l("Member"), "moderator": _l("Moderator"), "admin": _l("Admin")}


class SuspendForm(FlaskForm):
    reason = TextAreaField(_l("Reason, shown to them at sign-in"),
                           validators=[FormRule(suspensions.REASON)], render_kw={"rows": 2})
    until = DateField(_l("Until (UTC)"), validators=[Optional()])
    next = HiddenField()


class RoleForm(FlaskForm):
    role = SelectField(_l("Site role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES])
    next = HiddenField()


class ActionForm(FlaskForm):
    next = HiddenField()


@bp.app_template_global()
def staff_may(action: str, user) -> bool:
    """For templates: may the viewer `suspend` this user or change their `role`?"""
    check = can_suspend if action == "suspend" else can_change_role
    return check(current_user, user)


@bp.app_context_processor
def account_labels() -> dict:
    return {"role_labels": ROLE_LABELS, "status_labels": STATUS_LABELS,
            "report_labels": REPORT_LABELS,
            "account_status": account_status, "SuspendForm": SuspendForm, "RoleForm": RoleForm,
            "ActionForm": ActionForm}


@bp.get("/users")
@login_required
def users():
    """Accounts with search and filters (role, status, country); bad filters are ignored."""
    require_moderator(current_user)
    filters = {name: request.args.get(name, "").strip() for name in USER_FILTERS}
    filters = {name: value if value and is_valid(USER_FILTERS[name], value) else ""
               for name, value in filters.items()}
    filters["country"] = filters["country"].upper()
    page = db.paginate(users_query(**filters), page=page_number(), per_page=PER_PAGE,
                       max_per_page=PER_PAGE, error_out=False)
    return render_template(
        "admin/users.html", page=page, filters=filters, countries=countries(),
        role_options=[(role, ROLE_LABELS[role]) for role in ROLES],
        status_options=[(status, STATUS_LABELS[status]) for status in STATUSES])


@bp.get("/users/<username>")
@login_required
def user(username: str):
    require_moderator(current_user)
    return _user_page(find_account(username))


def _user_page(account, suspend_form=None, role_form=None):
    record = user_record(current_user, account)
    role_form = role_form or RoleForm(formdata=None, role=account.role)
    return render_template("admin/user.html", record=record, account=account,
                           suspend_form=suspend_form or SuspendForm(formdata=None),
                           role_form=role_form, lift_form=ActionForm(formdata=None))


def _back(account):
    return redirect(safe_next(request.form.get("next"))
                    or url_for("admin.user", username=account.username))


def _apply(account, form, action, done, **page_forms):
    """Run a staff form's action when the form is valid, then go back where it was posted
    from; otherwise the user page again with the form's errors."""
    if submit_form(form, action):
        flash(done(), "success")
        return _back(account)
    return _user_page(account, **page_forms)


@bp.post("/users/<username>/suspension")
@login_required
def suspend_user(username: str):
    require_moderator(current_user)
    account, form = find_account(username), SuspendForm()
    until = (datetime.combine(form.until.data, time(), tzinfo=UTC)
             if form.until.data else None)
    return _apply(
        account, form,
        lambda: suspensions.suspend_user(current_user, account, form.reason.data, until),
        lambda: _("%(name)s is suspended; their sessions have ended.",
                  name=isolate_plain(account.display_name)), suspend_form=form)


@bp.post("/users/<username>/suspension/lift")
@login_required
def lift_suspension(username: str):
    require_moderator(current_user)
    account = find_account(username)
    if ActionForm().validate_on_submit():
        suspensions.lift_suspension(current_user, account)
        flash(_("%(name)s can sign in again.", name=isolate_plain(account.display_name)), "success")
    return _back(account)


@bp.post("/users/<username>/role")
@login_required
def change_role(username: str):
    require_admin(current_user)
    account, form = find_account(username), RoleForm()
    return _apply(
        account, form, lambda: suspensions.set_site_role(current_user, account, form.role.data),
        lambda: _("%(name)s is now: %(role)s.", name=isolate_plain(account.display_name),
                  role=ROLE_LABELS[account.role]), role_form=form)
