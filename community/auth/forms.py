"""Account forms: registration, sign-in, password reset and the account settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from community.auth.passwords import PASSWORD
from community.i18n import LANGUAGE_NAMES, countries
from community.validation import ADDRESS, DISPLAY_NAME, EMAIL, LOGIN, USERNAME, FormRule


def locale_choices(blank_label=None) -> list[tuple[str, str]]:
    choices = [(code, name) for code, name in LANGUAGE_NAMES.items()]
    return [("", str(blank_label))] + choices if blank_label else choices


class RegisterForm(FlaskForm):
    username = StringField(_l("Username"), validators=[FormRule(USERNAME)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false", "pattern": "[a-z0-9_]{3,30}"})
    display_name = StringField(_l("Display name"), validators=[FormRule(DISPLAY_NAME)],
                               render_kw={"autocomplete": "name", "dir": "auto"})
    email = EmailField(_l("E-mail address"), validators=[FormRule(EMAIL)],
                       render_kw={"autocomplete": "email"})
    country = SelectField(_l("Country"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[FormRule(PASSWORD)],
                             render_kw={"autocomplete": "new-password", "minlength": 10})
    # Filled by static/js/times.js with the browser's zone; a bad value is ignored.
    timezone = HiddenField(render_kw={"data-guess-timezone": ""})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [("", _l("Choose your country"))] + countries()


class LoginForm(FlaskForm):
    login = StringField(_l("Username or e-mail address"),
                        validators=[FormRule(LOGIN)],
                        render_kw={"autocomplete": "username", "autocapitalize": "none",
                                   "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[FormRule(PASSWORD)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[FormRule(ADDRESS)],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"),
                             validators=[FormRule(PASSWORD)],
                             render_kw={"autocomplete": "new-password", "minlength": 10})
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(),
                                        EqualTo("password", _l("The two passwords differ."))],
                            render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})

    def __init__(self, *args, **kwargs) -> None:
        # Prefixed: the settings page holds several forms, and ids must stay unique.
        kwargs.setdefault("prefix", "password_change")
        super().__init__(*args, **kwargs)


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), validators=[FormRule(EMAIL)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Current password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "email_change")
        super().__init__(*args, **kwargs)


class LocaleForm(FlaskForm):
    locale = SelectField(_l("Interface and e-mail language"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = locale_choices(_l("The browser's language"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=80)],
                       render_kw={"dir": "auto"})


class ConfirmActionForm(FlaskForm):
    """A button-only form: CSRF protection for sign out everywhere, revoke and the like."""


class EraseAccountForm(FlaskForm):
    """Deleting one's account: the password, and a box saying one understands it is final."""

    password = PasswordField(_l("Your password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that my account is erased for good."),
                           validators=[DataRequired(_l("Tick this box to confirm."))])

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "erase")
        super().__init__(*args, **kwargs)
