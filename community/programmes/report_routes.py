"""The funders' report as a printable page with its charts (coordinators)."""

from __future__ import annotations

from flask import render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.charts import BarChart, bar_chart
from community.i18n import RTL_LANGUAGES, country_name, current_language, shore_of
from community.programmes import bp
from community.programmes.access import find_programme, require_coordinator
from community.programmes.report import Figures, programme_figures


def number(value: float) -> str:
    """A figure in the reader's language (Arabic digits and separators in Arabic)."""
    return format_decimal(value, format="#,##0.##")


def _bars(items: list[tuple[str, float]], rtl: bool) -> BarChart:
    return bar_chart([(label, value, number(value)) for label, value in items], rtl=rtl)


def report_charts(figures: Figures, rtl: bool) -> dict[str, BarChart]:
    """The report's four charts, labelled in the reader's language."""
    kinds = {"bilateral": _("Bilateral sessions"), "group": _("Group sessions"),
             "joint_meeting": _("Joint meetings")}
    countries = [(country_name(code) if code else _("Unknown"), sum(roles.values()))
                 for code, roles in figures.by_country.items()]
    return {
        "countries": _bars(countries, rtl),
        "sessions": _bars([(kinds[kind], n) for kind, n in figures.sessions_held.items()], rtl),
        "hours": _bars([(kinds[kind], hours) for kind, hours in figures.hours.items()], rtl),
        "meetings": _bars([(meeting.title, meeting.attended) for meeting in figures.meetings],
                          rtl),
    }


@bp.get("/programmes/<slug>/report")
@login_required
def report(slug: str):
    """The funders' report: who took part, the pairs, the sessions and hours of mentoring,
    attendance and goals reached, with charts; laid out to print."""
    programme = find_programme(slug)
    require_coordinator(current_user, programme)
    figures = programme_figures(programme)
    rtl = current_language() in RTL_LANGUAGES
    return render_template("programmes/report.html", programme=programme, figures=figures,
                           charts=report_charts(figures, rtl), number=number,
                           shore_of=shore_of)
