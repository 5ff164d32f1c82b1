"""HTML routes of profiles: the public profile, the settings page, avatars and the directory."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.auth.serializers import cluster_links
from community.errors import Conflict, ValidationError
from community.extensions import db
from community.forums.forms import ReportForm
from community.i18n import PROFILE_LANGUAGES, country_name
from community.moderation.services import report_user
from community.page_cache import member_form
from community.pagination import page_number
from community.profiles import bp
from community.profiles import services as profiles
from community.profiles.forms import AvatarForm, ProfileForm, RemoveAvatarForm
from community.text import split_tags
from community.transaction import discard_action
from community.urls import safe_next
from community.validation import discard_refused, show_errors


@bp.app_template_global()
def initials(name: str | None) -> str:
    """Up to two letters for the avatar placeholder, from the first two words of a name."""
    words = (name or "").split()
    return "".join(word[0] for word in words[:2]).upper() or "?"


@bp.get("/u/<username>")
def show(username: str):
    user = profiles.get_profile(username)
    return render_template("profiles/show.html", user=user, clusters=cluster_links(user),
                           report_form=member_form(ReportForm))


@bp.post("/u/<username>/report")
@login_required
def report(username: str):
    """The profile's "Report" form: the moderators are told (once per member)."""
    user = profiles.get_profile(username)
    form = ReportForm()
    if not form.validate_on_submit():
        flash(_("Choose a reason; a note has at most 1000 characters."), "danger")
        return redirect(url_for("profiles.show", username=user.username))
    try:
        report_user(current_user, user, form.reason.data, form.note.data or "")
    except (Conflict, ValidationError) as error:
        flash(error.message, "warning")
    else:
        flash(_("Thank you: the moderators will look at this profile."), "success")
    return redirect(url_for("profiles.show", username=user.username))


def saved_profile_form(form_class: type[ProfileForm] = ProfileForm) -> ProfileForm:
    """The profile form filled from the account, not from the request."""
    form = form_class(formdata=None, obj=current_user)
    form.expertise.data = ", ".join(current_user.expertise)
    form.languages.data = current_user.languages
    form.country.data = current_user.country or ""
    return form


def _settings_page(form: ProfileForm):
    discard_refused(form)
    return render_template("profiles/edit.html", form=form, avatar_form=AvatarForm(),
                           remove_form=RemoveAvatarForm())


@bp.route("/settings/profile", methods=["GET", "POST"])
@login_required
def edit():
    form = ProfileForm() if request.method == "POST" else saved_profile_form()
    if not form.validate_on_submit():
        return _settings_page(form)
    try:
        profiles.update_profile(
            current_user, current_user,
            display_name=form.display_name.data, headline=form.headline.data or "",
            bio=form.bio.data or "", country=form.country.data or None,
            languages=form.languages.data or [],
            expertise=split_tags(form.expertise.data), timezone=form.timezone.data)
    except ValidationError as error:
        show_errors(form, error)
        return _settings_page(form)
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("profiles.show", username=current_user.username))


@bp.post("/settings/avatar")
@login_required
def upload_avatar():
    """Post/Redirect/Get either way: the error is flashed and the address stays the page's own
    (`next`: the welcome page posts here too), so a reload never posts the file again."""
    form = AvatarForm()
    back = safe_next(request.form.get("next")) or url_for("profiles.edit")
    if not form.validate_on_submit():
        flash(" ".join(form.file.errors) or _("Choose a picture to upload."), "danger")
        return redirect(back)
    try:
        profiles.update_avatar(current_user, current_user, form.file.data)
    except ValidationError as error:
        discard_action()
        flash(" ".join(error.fields.values()) or error.message, "danger")
    else:
        flash(_("Your picture is updated."), "success")
    return redirect(back)


@bp.post("/settings/avatar/remove")
@login_required
def remove_avatar():
    if RemoveAvatarForm().validate_on_submit():
        profiles.remove_avatar(current_user, current_user)
        flash(_("Your picture is removed."), "success")
    return redirect(url_for("profiles.edit"))


@bp.get("/members")
def directory():
    filters = {name: request.args.get(name, "").strip()
               for name in ("q", "country", "language", "expertise", "cluster")}
    page = db.paginate(profiles.directory_query(**filters), page=page_number(),
                       per_page=profiles.PER_PAGE, error_out=False)
    offered = sorted(((code, country_name(code), count)
                      for code, count in profiles.country_counts(**filters)),
                     key=lambda country: country[1])
    return render_template("profiles/directory.html", page=page, filters=filters,
                           countries=offered, languages=PROFILE_LANGUAGES)


from community.profiles import welcome  # noqa: E402,F401  (the welcome page)
