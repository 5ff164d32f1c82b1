"""Forms of the profile settings page: the profile itself and the avatar."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from community.i18n import PROFILE_LANGUAGES, countries, language_name
from community.profiles.services import PROFILE_RULES, TAGS_MAX
from community.times import DEFAULT_ZONE, timezone_choices
from community.validation import FormRule


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"),
                               validators=[FormRule(PROFILE_RULES["display_name"])],
                               render_kw={"dir": "auto", "autocomplete": "name"})
    headline = StringField(_l("Headline"), validators=[FormRule(PROFILE_RULES["headline"])],
                           render_kw={"dir": "auto"})
    bio = TextAreaField(_l("About you"), validators=[FormRule(PROFILE_RULES["bio"])],
                        render_kw={"rows": 8, "dir": "auto"})
    country = SelectField(_l("Country"), choices=[], default="")
    languages = SelectMultipleField(_l("Languages you work in"), choices=[],
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    expertise = StringField(_l("Expertise"), validators=[Length(max=TAGS_MAX * 42)],
                            render_kw={"dir": "auto"})
    timezone = SelectField(_l("Time zone"), choices=[], default=DEFAULT_ZONE)
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Localised at request time, in the reader's language.
        self.country.choices = [("", _l("Not specified"))] + countries()
        self.languages.choices = [(code, language_name(code)) for code in PROFILE_LANGUAGES]
        self.timezone.choices = timezone_choices()


class FileChosen(FileRequired):
    """A file must be chosen to upload, yet the picture itself is optional: no "required"
    flag, so the field is not marked with an asterisk."""

    def __init__(self, message=None) -> None:
        super().__init__(message)
        self.field_flags = {}


class AvatarForm(FlaskForm):
    file = FileField(_l("New picture"), validators=[FileChosen(_l("Choose a picture to upload."))],
                     render_kw={"accept": "image/png,image/jpeg,image/webp"})
    upload = SubmitField(_l("Upload picture"))


class RemoveAvatarForm(FlaskForm):
    remove = SubmitField(_l("Remove picture"))


class WelcomeForm(ProfileForm):
    """The welcome page's part of the profile, the picture included: one form, one button."""

    display_name = None
    bio = None
    file = FileField(_l("Photo"), render_kw={"accept": "image/png,image/jpeg,image/webp"})
    submit = SubmitField(_l("Save my profile"))


class SkipForm(FlaskForm):
    """"Skip for now": a button, with CSRF protection."""
