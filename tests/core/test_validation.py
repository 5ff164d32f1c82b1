"""The validation vocabulary: one `Field` rule gives the same answer to the API (`validate`) and
to an HTML form (`FormRule`)."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from community.errors import ValidationError
from community.text import clean_tags
from community.validation import Field, FormRule, Invalid, validate

TEXT = Field(str, min_length=2, max_length=5)
CHOICE = Field(str, choices=("a", "b"))
NUMBER = Field(int)
FLAG = Field(bool)
TAGS = Field(list, min_items=1, max_items=2, item_max=3, clean=clean_tags)
CODES = Field(list, choices=("fr", "ar"))
IDS = Field(list, item=int)
CODE = Field(str, pattern=r"[a-z]+", pattern_hint="lowercase letters")
ITEMS = Field(list, item=dict, fields={"text": Field(str, min_length=1)})
BOUNDED = Field(int, minimum=1, maximum=10)
BOUNDED_IDS = Field(list, item=int, minimum=1, maximum=10)


@pytest.mark.parametrize(("rule", "value", "message"), [
    (TEXT, 3, "Must be a string."),
    (TEXT, " a ", "At least 2 characters."),
    (TEXT, "abcdef", "At most 5 characters."),
    (Field(str, min_length=1), "   ", "Must not be empty."),
    (CHOICE, "c", "Must be one of: a, b."),
    (NUMBER, True, "Must be an integer."),
    (NUMBER, "1", "Must be an integer."),
    (FLAG, 1, "Must be true or false."),
    (Field(dict), [], "Must be an object."),
    (TAGS, "x", "Must be a list of strings."),
    (TAGS, [" ", ""], "Must not be empty."),
    (TAGS, ["a", "b", "c"], "At most 2 items."),
    (TAGS, ["abcd"], "Each item has at most 3 characters."),
    (CODES, ["fr", "de"], "Must be one of: fr, ar."),
    (IDS, [1, "2"], "Must be a list of integers."),
    (IDS, [True], "Must be a list of integers."),
    (CODE, "ABC", "lowercase letters"),
    (ITEMS, [1], "Must be a list of objects."),
    (ITEMS, [{"text": "ok"}, {"text": " "}], "Item 2, text: Must not be empty."),
    (Field(str, check=lambda value: "no x" if "x" in value else None), "axe", "no x"),
    (BOUNDED, 0, "Must be at least 1."),
    (BOUNDED, 11, "At most 10."),
    (BOUNDED, 2**63, "At most 10."),
    (BOUNDED_IDS, [1, 11], "At most 10."),
    (BOUNDED_IDS, [0, 1], "Must be at least 1."),
])
def test_field_refuses_with_its_message(app, rule, value, message):
    with app.test_request_context(), pytest.raises(Invalid) as caught:
        rule.checked(value)
    assert caught.value.message == message


@pytest.mark.parametrize(("rule", "value", "cleaned"), [
    (TEXT, "  ab ", "ab"),
    (Field(str, strip=False), "  indented\n", "  indented\n"),
    (TAGS, ["ICT", " ict ", "a  b"], ["ICT", "a b"]),  # limits apply to the cleaned list
    (Field(str, clean=str.upper), "tn", "TN"),
    (CODE, "", ""),  # the pattern applies to a value, not to an empty field
    (ITEMS, [{"text": " a ", "other": 1}], [{"text": "a"}]),
    (NUMBER, 0, 0),
    (BOUNDED, 10, 10),
    (BOUNDED_IDS, [1, 10], [1, 10]),
])
def test_field_accepts_and_cleans(app, rule, value, cleaned):
    with app.test_request_context():
        assert rule.checked(value) == cleaned


def test_validate_reports_every_problem_at_once(app):
    schema = {"name": TEXT, "kind": CHOICE, "note": Field(str, required=False)}
    with app.test_request_context(), pytest.raises(ValidationError) as caught:
        validate({"name": "x", "note": None}, schema)
    assert caught.value.fields == {"name": "At least 2 characters.",
                                   "kind": "This field is required."}


def test_validate_partial_leaves_absent_fields_and_refuses_null(app):
    schema = {"name": TEXT, "kind": CHOICE}
    with app.test_request_context():
        assert validate({"kind": "a", "unknown": 1}, schema, partial=True) == {"kind": "a"}
        with pytest.raises(ValidationError) as caught:
            validate({"name": None}, schema, partial=True)
    assert caught.value.fields == {"name": "Must not be null."}


def test_validate_fills_the_default_of_an_absent_optional_field(app):
    schema = {"tags": Field(list, required=False, default=list)}
    with app.test_request_context():
        assert validate({}, schema) == {"tags": []}
        assert validate({}, schema, partial=True) == {}


class RuleForm(FlaskForm):
    name = StringField(validators=[FormRule(TEXT)])
    note = StringField(validators=[FormRule(Field(str, required=False, max_length=3))])
    plain = StringField(validators=[FormRule(Field(str))])


@pytest.mark.parametrize(("data", "errors"), [
    ({"name": "abc", "note": "", "plain": "x"}, {}),
    ({"name": "", "note": "", "plain": "x"}, {"name": ["At least 2 characters."]}),
    ({"name": "abcdef", "note": "", "plain": "x"}, {"name": ["At most 5 characters."]}),
    ({"name": "abc", "note": "long", "plain": "x"}, {"note": ["At most 3 characters."]}),
    ({"name": "abc", "note": "", "plain": " "}, {"plain": ["This field is required."]}),
])
def test_form_rule_gives_the_api_answer(app, data, errors):
    with app.test_request_context(method="POST"):
        form = RuleForm(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        assert form.errors == errors


def test_form_rule_sets_the_browser_hints(app):
    with app.test_request_context():
        form = RuleForm(meta={"csrf": False})
        html = form.name()
    assert 'maxlength="5"' in html and 'minlength="2"' in html and "required" in html
    assert "required" not in form.note()
