"""HTML forms of clusters: the fields check with the rules of `clusters.validation`, which
the services and the API apply too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from community.clusters.events import EVENT_SCHEMA
from community.clusters.validation import CLUSTER_RULES, NEED_RULES, NEEDS_MAX, REASON
from community.i18n import EU_COUNTRIES, MENA_COUNTRIES, countries
from community.models import ClusterEvent
from community.sectors import sector_choices
from community.text import split_tags
from community.validation import MEMBER, FormRule


def cluster_country_choices() -> list[tuple[str, str]]:
    """EU and MENA countries, by localised name, after an empty choice."""
    allowed = EU_COUNTRIES | MENA_COUNTRIES
    return [("", _l("Choose a country"))] + [(code, name) for code, name in countries()
                                             if code in allowed]


class ClusterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[FormRule(CLUSTER_RULES["name"])])
    acronym = StringField(_l("Acronym"), validators=[FormRule(CLUSTER_RULES["acronym"])])
    country = SelectField(_l("Country"), validators=[InputRequired()])
    # No `required` on each box (it would require them all): the rules say "at least one".
    sectors = SelectMultipleField(_l("Sectors"), choices=[],
                                  widget=ListWidget(prefix_label=False),
                                  option_widget=CheckboxInput())
    labels = StringField(_l("Labels"), validators=[Optional()])
    website = StringField(_l("Website"), validators=[FormRule(CLUSTER_RULES["website"])])
    description = TextAreaField(_l("Description"),
                                validators=[FormRule(CLUSTER_RULES["description"])],
                                render_kw={"rows": 8})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = cluster_country_choices()
        self.sectors.choices = sector_choices()

    def values(self) -> dict:
        return {"name": self.name.data or "", "acronym": self.acronym.data or "",
                "country": self.country.data or "", "sectors": self.sectors.data or [],
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
    text = StringField(_l("Text"), validators=[FormRule(NEED_RULES["text"].optional())])
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
    username = StringField(_l("Username"), validators=[FormRule(MEMBER)])


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the rejection"),
                           validators=[FormRule(REASON)],
                           render_kw={"rows": 2})


class EventForm(FlaskForm):
    """An event's times are typed in the member's own zone (`datetime-local`): `values` turns
    them into aware instants, which the service checks as the API's ISO times."""

    # Titles and places are in any language; dates and links always read left to right.
    title = StringField(_l("Title"), validators=[FormRule(EVENT_SCHEMA["title"])],
                        render_kw={"dir": "auto"})
    starts_at = DateTimeLocalField(_l("Starts"), validators=[InputRequired()],
                                   render_kw={"dir": "ltr"})
    ends_at = DateTimeLocalField(_l("Ends"), validators=[InputRequired()],
                                 render_kw={"dir": "ltr"})
    location = StringField(_l("Place"), validators=[FormRule(EVENT_SCHEMA["location"])],
                           render_kw={"dir": "auto"})
    online_url = StringField(_l("Link for an online event"),
                             validators=[FormRule(EVENT_SCHEMA["online_url"])],
                             render_kw={"dir": "ltr", "type": "url"})
    description = TextAreaField(_l("Description"),
                                validators=[FormRule(EVENT_SCHEMA["description"])],
                                render_kw={"rows": 6, "dir": "auto"})

    def values(self, zone: str) -> dict:
        def instant(local: datetime) -> str:
            return local.replace(tzinfo=ZoneInfo(zone)).isoformat()

        return {"title": self.title.data or "", "description": self.description.data or "",
                "starts_at": instant(self.starts_at.data), "ends_at": instant(self.ends_at.data),
                "location": self.location.data or "", "online_url": self.online_url.data or ""}

    def fill(self, event: ClusterEvent, zone: str) -> None:
        """The event's values, its times shown in the member's zone."""
        for name in ("title", "description", "location", "online_url"):
            getattr(self, name).data = getattr(event, name)
        for name in ("starts_at", "ends_at"):
            local = getattr(event, name).astimezone(ZoneInfo(zone))
            getattr(self, name).data = local.replace(tzinfo=None, second=0, microsecond=0)
