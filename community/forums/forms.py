"""HTML forms of the forums (Flask-WTF, CSRF-protected)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from community.forums.validation import BODY, CATEGORY_DESCRIPTION, CATEGORY_NAME, TITLE
from community.validation import REPORT_SCHEMA, FormRule


class ThreadForm(FlaskForm):
    title = StringField(_l("Title"), validators=[FormRule(TITLE)])
    body = TextAreaField(_l("Message"), validators=[FormRule(BODY)],
                         render_kw={"rows": 8, "dir": "auto"})


class PostForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[FormRule(BODY)],
                         render_kw={"rows": 6, "dir": "auto"})
    reply_to = HiddenField(validators=[Optional()])


class EditPostForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[FormRule(BODY)],
                         render_kw={"rows": 10, "dir": "auto"})


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[FormRule(CATEGORY_NAME)])
    description = TextAreaField(_l("Description"), validators=[FormRule(CATEGORY_DESCRIPTION)],
                                render_kw={"rows": 2})


class ReportForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=[
        SelectChoice("spam", _l("Spam")), SelectChoice("abuse", _l("Abuse")),
        SelectChoice("off_topic", _l("Off topic")), SelectChoice("other", _l("Other"))])
    note = TextAreaField(_l("Note for the moderators"),
                         validators=[FormRule(REPORT_SCHEMA["note"])],
                         render_kw={"rows": 2})
