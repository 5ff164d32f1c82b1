"""HTML forms of programmes: their fields check with the rules of `programmes.validation`, which
the services and the API apply too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from community.i18n import PROFILE_LANGUAGES, language_name
from community.programmes.validation import (
    APPLICATION_SCHEMA,
    CAPACITY_MAX,
    PROGRAMME_SCHEMA,
    SESSION_SCHEMA,
)
from community.text import split_tags
from community.validation import MEMBER, FormRule


def _day(value) -> str:
    return value.isoformat() if value else ""


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[FormRule(PROGRAMME_SCHEMA["name"])],
                       render_kw={"dir": "auto"})
    description = TextAreaField(_l("Description"),
                                validators=[FormRule(PROGRAMME_SCHEMA["description"])],
                                render_kw={"rows": 8, "dir": "auto"})
    starts_on = DateField(_l("Starts on"), validators=[InputRequired()])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired()])
    lead_organisation = StringField(
        _l("Lead organisation"), validators=[FormRule(PROGRAMME_SCHEMA["lead_organisation"])],
        render_kw={"dir": "auto"})
    funders = TextAreaField(_l("Funders"), validators=[Optional()],
                            render_kw={"rows": 3, "dir": "auto"})
    coordinators = StringField(_l("Other coordinators"), validators=[Optional()])

    def values(self) -> dict:
        return {"name": self.name.data or "", "description": self.description.data or "",
                "starts_on": _day(self.starts_on.data), "ends_on": _day(self.ends_on.data),
                "lead_organisation": self.lead_organisation.data or "",
                "funders": (self.funders.data or "").splitlines()}

    def coordinator_names(self) -> list[str]:
        return [name.lstrip("@") for name in split_tags(self.coordinators.data)]


class ApplicationForm(FlaskForm):
    role = RadioField(_l("I apply as"), choices=[], validators=[InputRequired()])
    cluster = SelectField(_l("Cluster"), choices=[], default="")
    languages = SelectMultipleField(_l("Languages you mentor or learn in"), choices=[],
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    expertise = StringField(_l("Expertise"), validators=[Optional()], render_kw={"dir": "auto"})
    goals = TextAreaField(_l("Your goals (mentees)"),
                          validators=[FormRule(APPLICATION_SCHEMA["goals"])],
                          render_kw={"rows": 4, "dir": "auto"})
    capacity = IntegerField(_l("How many mentees you can take (mentors)"), default=1,
                            validators=[Optional(), NumberRange(1, CAPACITY_MAX)])

    def __init__(self, clusters: list[tuple[str, str]], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("mentee", _l("Mentee")), ("mentor", _l("Mentor"))]
        self.cluster.choices = [("", _l("None"))] + clusters
        self.languages.choices = [(code, language_name(code)) for code in PROFILE_LANGUAGES]

    def values(self) -> dict:
        return {"role": self.role.data, "cluster": self.cluster.data or None,
                "languages": self.languages.data or [],
                "expertise": split_tags(self.expertise.data), "goals": self.goals.data or "",
                "capacity": self.capacity.data or 1}


class DecisionForm(FlaskForm):
    username = HiddenField(validators=[FormRule(MEMBER)])
    state = HiddenField(validators=[AnyOf(("accepted", "declined"))])


class PairForm(FlaskForm):
    mentor = SelectField(_l("Mentor"), choices=[], validators=[InputRequired()])
    mentee = SelectField(_l("Mentee"), choices=[], validators=[InputRequired()])


class CoordinatorForm(FlaskForm):
    username = StringField(_l("Username"), validators=[FormRule(MEMBER)])


class SessionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[], validators=[InputRequired()])
    title = StringField(_l("Title"), validators=[FormRule(SESSION_SCHEMA["title"])],
                        render_kw={"dir": "auto"})
    starts_at = DateTimeLocalField(_l("Starts at"), validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends at"), validators=[InputRequired()])
    pair = SelectField(_l("Pair (bilateral sessions)"), choices=[], default="")
    attendees = SelectMultipleField(_l("Attendees (group sessions)"), choices=[],
                                    widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    location = StringField(_l("Place"), validators=[FormRule(SESSION_SCHEMA["location"])],
                           render_kw={"dir": "auto"})
    online_url = StringField(_l("Link (online)"),
                             validators=[FormRule(SESSION_SCHEMA["online_url"])])

    def __init__(self, pairs: list[tuple[str, str]], people: list[tuple[str, str]],
                 *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [("bilateral", _l("Bilateral session")),
                             ("group", _l("Group session")),
                             ("joint_meeting", _l("Joint meeting"))]
        self.pair.choices = [("", _l("None"))] + pairs
        self.attendees.choices = people

    def values(self, zone: str) -> dict:
        """The session as the service takes it: local times in the coordinator's zone, sent
        with their offset, so the service stores the one UTC instant they mean."""
        return {"kind": self.kind.data, "title": self.title.data or "",
                "starts_at": _instant(self.starts_at.data, zone),
                "ends_at": _instant(self.ends_at.data, zone),
                "pair": int(self.pair.data) if self.pair.data else None,
                "attendees": self.attendees.data or [],
                "location": self.location.data or "", "online_url": self.online_url.data or ""}


def _instant(local: datetime, zone: str) -> str:
    return local.replace(tzinfo=ZoneInfo(zone)).isoformat()
