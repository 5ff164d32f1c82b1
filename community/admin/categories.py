"""Site-wide forum categories, managed by admins: list, create, rename, delete the empty ones.
Every change goes through `community.forums.services` (which audits it)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.admin import bp
from community.errors import Conflict
from community.forums import services
from community.forums.forms import CategoryForm
from community.forums.queries import site_categories
from community.permissions import require_admin
from community.validation import discard_refused, form_action


@bp.route("/categories", methods=["GET", "POST"])
@login_required
def categories():
    """The site categories and the form that creates one."""
    require_admin(current_user)
    form = CategoryForm()
    if form.validate_on_submit() and form_action(form, lambda: services.create_category(
            current_user, form.name.data, form.description.data or "")):
        flash(_("The category is created."), "success")
        return redirect(url_for("admin.categories"))
    discard_refused(form)
    return render_template("admin/categories.html", form=form, categories=site_categories())


@bp.post("/categories/<slug>")
@login_required
def rename_category(slug: str):
    """Rename or describe a site category (the row's own form)."""
    require_admin(current_user)
    category = services.find_category(slug, current_user)
    form = CategoryForm()
    if not form.validate_on_submit():
        flash(" ".join(sum(form.errors.values(), [])), "danger")
    else:
        services.update_category(current_user, category, form.name.data,
                                 form.description.data or "")
        flash(_("The category is saved."), "success")
    return redirect(url_for("admin.categories"))


@bp.post("/categories/<slug>/delete")
@login_required
def delete_category(slug: str):
    """Delete an empty site category; one holding threads is refused."""
    require_admin(current_user)
    try:
        services.delete_category(current_user, services.find_category(slug, current_user))
    except Conflict as error:
        flash(error.message, "danger")
    else:
        flash(_("The category is deleted."), "info")
    return redirect(url_for("admin.categories"))
