"""HTML forms of clusters. Checking happens in the services; these only collect the data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from community.clusters.validation import (
    ACRONYM_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    NEED_TEXT_MAX,
    NEEDS_MAX,
    REASON_MAX,
    WEBSITE_MAX,
)
from community.i18n import EU_COUNTRIES, MENA_COUNTRIES, countries
from community.text import split_tags


def cluster_country_choices() -> list[tuple[str, str]]:
    """EU and MENA countries, by localised name, after an empty choice."""
    allowed = EU_COUNTRIES | MENA_COUNTRIES
    return [("", _l("Choose a country"))] + [(code, name) for code, name in countries()
                                             if code in allowed]


class ClusterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=NAME_MAX)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=ACRONYM_MAX)])
    country = SelectField(_l("Country"), validators=[InputRequired()])
    sectors = StringField(_l("Sectors"), validators=[InputRequired()])
    labels = StringField(_l("Labels"), validators=[Optional()])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=WEBSITE_MAX)])
    description = TextAreaField(_l("Description"),
                                validators=[InputRequired(), Length(max=DESCRIPTION_MAX)],
                                render_kw={"rows": 8})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = cluster_country_choices()

    def values(self) -> dict:
        return {"name": self.name.data or "", "acronym": self.acronym.data or "",
                "country": self.country.data or "", "sectors": split_tags(self.sectors.data),
                "labels": split_tags(self.labels.data), "website": self.website.data or "",
                "description": self.description.data or ""}


class EditClusterForm(ClusterForm):
    forum_visibility = RadioField(_l("Who can read the cluster's forum"), choices=[],
                                  default="public")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.forum_visibility.choices = [("public", _l("Everyone")),
                                         ("members", _l("Members of the cluster only"))]

    def values(self) -> dict:
        return {**super().values(), "forum_visibility": self.forum_visibility.data}


class NeedRow(Form):
    text = StringField(_l("Text"), validators=[Optional(), Length(max=NEED_TEXT_MAX)])
    tags = StringField(_l("Tags"), validators=[Optional()])


class NeedsForm(FlaskForm):
    offers = FieldList(FormField(NeedRow), max_entries=NEEDS_MAX)
    seeks = FieldList(FormField(NeedRow), max_entries=NEEDS_MAX)

    def rows(self, name: str) -> list[dict]:
        return [{"text": row.form.text.data or "", "tags": split_tags(row.form.tags.data)}
                for row in getattr(self, name) if (row.form.text.data or "").strip()]


class LogoForm(FlaskForm):
    file = FileField(_l("Logo (PNG, JPEG or WebP, at most 2 MiB)"))


class InviteForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=30)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the rejection"),
                           validators=[InputRequired(), Length(max=REASON_MAX)],
                           render_kw={"rows": 2})
