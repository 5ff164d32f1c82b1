"""One validation vocabulary: a `Field` rule holds a field's type, limits and messages once, and
the API (`accepts`), the HTML forms (`FormRule`) and the services all check with it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation
from wtforms.validators import ValidationError as FormError

from community.errors import AppError, ValidationError
from community.i18n import LANGUAGES, is_country
from community.models.base import MAX_ID
from community.models.moderation import REPORT_REASONS
from community.text import clean_line
from community.transaction import discard_action

USERNAME_MAX = 30
DISPLAY_NAME_MAX = 80
EMAIL_MAX = 254


class Invalid(Exception):
    """Why one value breaks its rule; `validate` gathers these into one 422."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _kind_problem(kind: type, item: type, value: Any) -> str | None:
    """The message for a value of the wrong JSON type, or None."""
    if kind is list:
        if not isinstance(value, list) or not all(_is(item, v) for v in value):
            if item is int:
                return _("Must be a list of integers.")
            if item is dict:
                return _("Must be a list of objects.")
            return _("Must be a list of strings.")
        return None
    if not _is(kind, value):
        return {int: _("Must be an integer."), bool: _("Must be true or false."),
                dict: _("Must be an object.")}.get(kind, _("Must be a string."))
    return None


def _is(kind: type, value: Any) -> bool:
    # JSON true and false are ints to Python: never accept them as numbers.
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def one_of(choices: Iterable[str]) -> str:
    """The message for a value outside its list of choices."""
    return _("Must be one of: %(choices)s.", choices=", ".join(choices))


@dataclass(frozen=True)
class Field:
    """One field's rule: JSON type, limits and messages. `clean` normalises the value once its
    type is right (and may raise `Invalid`); the limits apply to the cleaned value, which is
    what gets stored; `check` is a last domain check returning a message or None."""

    kind: type = str
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: Any = None  # a lazy message shown instead of "Has an invalid format."
    choices: tuple[str, ...] | None = None  # for a list: the allowed items
    item: type = str  # the type of a list's items
    item_max: int | None = None
    minimum: int | None = None  # an integer's (or each integer item's) bounds
    maximum: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    fields: dict[str, Field] | None = None  # a list of objects: each item's own fields
    default: Callable[[], Any] | None = None  # the value of an optional field left out
    strip: bool = True  # False keeps the text as typed (Markdown indents, passwords)
    clean: Callable[[Any], Any] | None = None
    check: Callable[[Any], str | None] | None = None
    description: str = ""
    schema: dict | None = None  # an OpenAPI schema, for a shape the rule cannot describe

    def optional(self) -> Field:
        """The same rule for a field that may be left out."""
        return dataclasses.replace(self, required=False)

    def checked(self, value: Any) -> Any:
        """The value, cleaned; `Invalid` with the first problem found."""
        problem = _kind_problem(self.kind, self.item, value)
        if problem:
            raise Invalid(problem)
        if self.clean is not None:
            value = self.clean(value)
        elif isinstance(value, str) and self.strip:
            value = value.strip()
        problem = self._text_problem(value) if isinstance(value, str) else None
        if self.kind is int or (self.kind is list and self.item is int):
            problem = self._number_problem(value if isinstance(value, list) else [value])
        if isinstance(value, list) and not problem:
            value, problem = self._items(value)
        problem = problem or (self.check(value) if self.check is not None else None)
        if problem:
            raise Invalid(problem)
        return value

    def _text_problem(self, value: str) -> str | None:
        if self.min_length is not None and len(value.strip()) < self.min_length:
            if self.min_length == 1:
                return _("Must not be empty.")
            return _("At least %(n)d characters.", n=self.min_length)
        if self.max_length is not None and len(value) > self.max_length:
            return _("At most %(n)d characters.", n=self.max_length)
        if self.pattern is not None and value and not re.fullmatch(self.pattern, value):
            return str(self.pattern_hint) if self.pattern_hint else _("Has an invalid format.")
        if self.choices is not None and value not in self.choices:
            return one_of(self.choices)
        return None

    def _number_problem(self, numbers: list[int]) -> str | None:
        if self.minimum is not None and any(n < self.minimum for n in numbers):
            return _("Must be at least %(n)d.", n=self.minimum)
        if self.maximum is not None and any(n > self.maximum for n in numbers):
            return _("At most %(n)d.", n=self.maximum)
        return None

    def _items(self, value: list) -> tuple[list, str | None]:
        if self.min_items is not None and len(value) < self.min_items:
            return value, _("Must not be empty.")
        if self.max_items is not None and len(value) > self.max_items:
            return value, _("At most %(n)d items.", n=self.max_items)
        if self.item_max is not None and any(len(v) > self.item_max for v in value):
            return value, _("Each item has at most %(n)d characters.", n=self.item_max)
        if self.choices is not None and any(v not in self.choices for v in value):
            return value, one_of(self.choices)
        if self.fields is None:
            return value, None
        items = []
        for number, item in enumerate(value, start=1):
            try:
                items.append(validate(item, self.fields))
            except ValidationError as error:
                name, problem = next(iter(error.fields.items()))
                return value, _("Item %(n)d, %(field)s: %(problem)s", n=number, field=name,
                                problem=problem)
        return items, None


Schema = dict[str, Field]


def validate(data: dict[str, Any], schema: Schema, partial: bool = False) -> dict[str, Any]:
    """The fields of `data` that `schema` knows, checked and cleaned; one 422 listing every
    problem. `partial` (PATCH): absent fields are left alone, but null is refused, since
    it would neither keep nor change the value."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name, rule in schema.items():
        if data.get(name) is None:
            if name in data and partial:
                problems[name] = _("Must not be null.")
            elif rule.required and not partial:
                problems[name] = _("This field is required.")
            elif rule.default is not None and not partial:
                values[name] = rule.default()
            continue
        try:
            values[name] = rule.checked(data[name])
        except Invalid as error:
            problems[name] = error.message
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    return values


def is_valid(rule: Field, value: Any) -> bool:
    """Whether `value` passes `rule`, for a caller that stays silent rather than refusing."""
    try:
        rule.checked(value)
    except Invalid:
        return False
    return True


def check_field(name: str, rule: Field, value: Any, message: str | None = None) -> Any:
    """One value checked by its rule, for a service that takes its fields one by one; the
    422 names the field, as `validate` would. `message`: the 422's own text, where a client
    shows only that (the chat's input line)."""
    try:
        return validate({name: value}, {name: rule})[name]
    except ValidationError as error:
        if message is None:
            raise
        raise ValidationError(message, error.fields) from None


def show_errors(form: Any, error: AppError) -> None:
    """A service's refusal on an HTML form: each field's problem beside its field (unless the
    field shows one already), the rest above the form (`form.form_errors`, shown by
    `_macros/form_errors.html`)."""
    shown = False
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            # One message per field: the form's own rule, checked first, may have said it.
            if not field.errors:
                field.errors = [message]
            shown = True
        else:
            form.form_errors.append(message)
    if not shown and not error.fields:
        form.form_errors.append(error.message)


def discard_refused(form: Any) -> None:
    """A form page shown again with its errors answers 200 (a 4xx makes the browser log a
    failed load), and the request commits every answer below 400: so a refused form undoes
    whatever its action wrote before it was refused."""
    if form.errors or form.form_errors:
        discard_action()


def submit_form(form: Any, action: Callable[[], Any]) -> bool:
    """Run `action` for a valid submitted form: True when it succeeded. Otherwise the refusal,
    whatever its status (a taken address is a 409), is shown on the form, and what the action
    wrote is undone (`discard_refused`)."""
    if form.validate_on_submit():
        try:
            action()
        except AppError as error:
            show_errors(form, error)
        else:
            return True
    discard_refused(form)
    return False


def form_action(form: Any, action: Callable[[], Any]) -> bool:
    """Run the service call of a submitted form: True when it succeeded; a refusal with 422 is
    shown on the form (`show_errors`), any other error goes on to the error pages."""
    try:
        action()
    except AppError as error:
        if error.status != 422:
            raise
        show_errors(form, error)
        return False
    return True


class FormRule:
    """A WTForms validator that applies a `Field`: a form refuses what the API refuses, with
    the same messages, and the browser gets the same `required` and `maxlength` hints."""

    def __init__(self, rule: Field) -> None:
        self.rule = rule
        flags = {"required": rule.required, "maxlength": rule.max_length,
                 "minlength": rule.min_length if (rule.min_length or 0) > 1 else None}
        self.field_flags = {name: value for name, value in flags.items() if value}

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        if value is None or (isinstance(value, str) and not value.strip()):
            if not self.rule.required:
                field.errors[:] = []  # an empty optional field has nothing left to check
                raise StopValidation()
            try:  # a blank input gets the API's answer to a blank value
                self.rule.checked(value or "")
            except Invalid as error:
                raise StopValidation(error.message) from error
            raise StopValidation(_("This field is required."))
        try:
            self.rule.checked(value)
        except Invalid as error:
            raise FormError(error.message) from error


def _country_problem(code: str) -> str | None:
    return None if not code or is_country(code) else _("Choose a country from the list.")


# Rules shared by several features. Usernames and addresses are compared in lowercase: the
# account services lowercase them before checking, so the patterns accept both cases.
USERNAME_PATTERN = r"[A-Za-z0-9_]{3,30}"
EMAIL_PATTERN = r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}"
USERNAME = Field(str, min_length=3, max_length=USERNAME_MAX, pattern=USERNAME_PATTERN,
                 pattern_hint=_l("3 to 30 characters: lowercase letters, digits and _."),
                 description="3 to 30 of a-z, 0-9 and _")
MEMBER = Field(str, min_length=1, max_length=USERNAME_MAX, description="a member's username")
DISPLAY_NAME = Field(str, min_length=1, max_length=DISPLAY_NAME_MAX)
EMAIL = Field(str, min_length=1, max_length=EMAIL_MAX, pattern=EMAIL_PATTERN,
              pattern_hint=_l("Enter a valid e-mail address."))
COUNTRY = Field(str, required=False, clean=lambda code: clean_line(code).upper(),
                check=_country_problem, description="ISO 3166-1 alpha-2 code, or empty")
LOCALE = Field(str, required=False, choices=("", *LANGUAGES), description="en, fr, ar, or empty")
# An address to look up (a reset request): never refused for its form, so the answer is the
# same whether or not an account has it.
ADDRESS = Field(str, min_length=1, max_length=EMAIL_MAX, description="an e-mail address")
LOGIN = Field(str, min_length=1, max_length=EMAIL_MAX, description="Username or e-mail")
# The id of a row (`reply_to`…): a larger number names nothing, and PostgreSQL refuses to
# compare it with an integer column.
ID = Field(int, minimum=1, maximum=MAX_ID, description="an id")
REPORT_SCHEMA: Schema = {
    "reason": Field(str, choices=REPORT_REASONS),
    "note": Field(str, required=False, max_length=1000),
}
