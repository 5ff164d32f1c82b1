"""The funders' report: its figures on a small known programme, the CSV export (well formed,
with the documented rows) and who may read it, and the printable page."""

from __future__ import annotations

import csv
import io

import pytest

from community.programmes.report import programme_figures
from tests.factories import enrol, make_programme, make_user
from tests.programmes.known import known_programme


@pytest.fixture
def known(admin):
    return known_programme(admin)


@pytest.fixture
def figures(known):
    return programme_figures(known.programme)


def csv_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def csv_path(known) -> str:
    return f"/programmes/{known.programme.slug}/report.csv"


def test_report_counts_participants_by_country(figures):
    assert {code: dict(roles) for code, roles in figures.by_country.items()} == {
        "EG": {"mentee": 1}, "FR": {"mentor": 1}, "IT": {"mentor": 1}, "TN": {"mentee": 1}}


def test_report_counts_participants_by_shore_and_role(figures):
    assert (figures.by_shore, figures.by_role) == (
        {"north": 2, "south": 2, "other": 0}, {"mentor": 2, "mentee": 2})


def test_report_counts_pairs_and_cross_shore_pairs(figures):
    assert (figures.pairs, figures.cross_shore_pairs) == (2, 2)


def test_report_counts_sessions_held_by_kind(figures):
    assert figures.sessions_held == {"bilateral": 3, "group": 1, "joint_meeting": 1}


def test_report_sums_hours_of_mentoring(figures):
    assert figures.hours == {"bilateral": 4.5, "group": 2.0}


def test_report_gives_attendance_and_goals(figures):
    assert ([(m.title, m.invited, m.attended) for m in figures.meetings],
            figures.goals_reached) == ([("Kick-off", 4, 2)], 3)


def test_csv_starts_with_a_byte_order_mark(known, api_as):
    response = api_as(known.coordinator).get(csv_path(known))
    assert (response.mimetype, response.data[:3]) == ("text/csv", b"\xef\xbb\xbf")


def test_csv_has_the_documented_rows(known, api_as):
    rows = csv_of(api_as(known.coordinator).get(csv_path(known)))
    figures = {(row["section"], row["label"]): row["value"] for row in rows}
    assert {key: figures[key] for key in [
        ("programme", "lead_organisation"), ("programme", "funder"), ("participants", "total"),
        ("participants_by_shore", "south"), ("participants_by_country", "TN"),
        ("participants_by_country_mentor", "IT"), ("pairs", "total"),
        ("pairs", "cross_shore"), ("sessions_held", "bilateral"), ("sessions_held", "group"),
        ("sessions_held", "joint_meeting"), ("hours_of_mentoring", "bilateral"),
        ("hours_of_mentoring", "total"), ("goals_reached", "total")]} == {
        ("programme", "lead_organisation"): "ACCIÓ",
        ("programme", "funder"): "European Union (ENI CBC Med)",
        ("participants", "total"): "4", ("participants_by_shore", "south"): "2",
        ("participants_by_country", "TN"): "1", ("participants_by_country_mentor", "IT"): "1",
        ("pairs", "total"): "2", ("pairs", "cross_shore"): "2",
        ("sessions_held", "bilateral"): "3", ("sessions_held", "group"): "1",
        ("sessions_held", "joint_meeting"): "1", ("hours_of_mentoring", "bilateral"): "4.5",
        ("hours_of_mentoring", "total"): "6.5", ("goals_reached", "total"): "3"}


def test_csv_gives_each_joint_meeting_invited_and_attended(known, api_as):
    rows = csv_of(api_as(known.coordinator).get(csv_path(known)))
    meetings = [(r["section"], r["label"][11:], r["value"]) for r in rows
                if r["section"].startswith("joint_meeting")]
    assert meetings == [("joint_meeting_invited", "Kick-off", "4"),
                        ("joint_meeting_attended", "Kick-off", "2")]


def test_csv_quotes_a_name_a_spreadsheet_would_run(admin, api_as):
    programme = make_programme(admin, "=HYPERLINK(1)")
    rows = csv_of(api_as(admin).get(f"/programmes/{programme.slug}/report.csv"))
    assert rows[0]["value"] == "'=HYPERLINK(1)"


def test_csv_refuses_a_visitor(known, anon_api):
    assert anon_api.get(csv_path(known)).status_code == 401


@pytest.mark.parametrize("who", ["member", "participant", "other_coordinator"])
def test_csv_refuses_all_but_its_coordinators(known, api_as, admin, member, who):
    if who == "other_coordinator":
        from community.extensions import db
        from community.programmes.services import add_coordinator, create_programme

        caller = make_user("coord2")
        other = create_programme(admin, name="Other", starts_on="2021-01-01",
                                 ends_on="2030-01-01")
        add_coordinator(admin, other, caller)
        db.session.commit()
    else:
        caller = {"member": member, "participant": known.mentor}[who]
    response = api_as(caller).get(csv_path(known))
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")


def test_csv_answers_200_to_a_named_coordinator(known, api_as, admin):
    from community.extensions import db
    from community.programmes.services import add_coordinator

    coordinator = make_user("coord")
    add_coordinator(admin, known.programme, coordinator)
    db.session.commit()
    assert api_as(coordinator).get(csv_path(known)).status_code == 200


def test_csv_of_an_unknown_programme_is_not_found(api_as, admin):
    assert api_as(admin).get("/programmes/nothing/report.csv").status_code == 404


def test_report_page_shows_the_figures_with_charts(known, auth, client):
    auth.login(known.coordinator)
    page = client.get(f"/programmes/{known.programme.slug}/report").text
    assert 'id="figure-hours">6.5<' in page and page.count('class="bar-chart"') == 4


def test_arabic_report_puts_chart_labels_on_the_right(known, auth, client):
    known.coordinator.locale = "ar"
    from community.extensions import db

    db.session.commit()
    auth.login(known.coordinator)
    page = client.get(f"/programmes/{known.programme.slug}/report").text
    assert '<text x="470.0" y="22.0" text-anchor="start">مصر</text>' in page


def test_bar_chart_grows_bars_away_from_their_labels():
    from community.charts import bar_chart

    ltr, rtl = (bar_chart([("A", 2, "2"), ("B", 1, "1")], rtl=side).bars[1]
                for side in (False, True))
    assert (ltr.label_x < ltr.x, rtl.label_x > rtl.x + rtl.width) == (True, True)


@pytest.mark.parametrize("who", ["mentor", "member"])
def test_report_page_is_for_coordinators(known, auth, client, member, who):
    auth.login(known.mentor if who == "mentor" else member)
    assert client.get(f"/programmes/{known.programme.slug}/report").status_code == 403


def test_programme_page_links_coordinators_to_the_report(known, auth, client):
    auth.login(known.coordinator)
    page = client.get(f"/programmes/{known.programme.slug}").text
    assert f"/programmes/{known.programme.slug}/report" in page


def test_programme_page_hides_the_report_link_from_participants(known, auth, client):
    auth.login(known.mentor)
    page = client.get(f"/programmes/{known.programme.slug}").text
    assert f"/programmes/{known.programme.slug}/report" not in page


def test_report_queries_do_not_grow_with_participants(known, auth, client, count_queries):
    auth.login(known.coordinator)
    url = f"/programmes/{known.programme.slug}/report"
    with count_queries() as few:
        client.get(url)
    for index, country in enumerate(("DZ", "LB", "ES")):
        enrol(known.programme, make_user(f"more{index}", country=country), "mentee")
    with count_queries() as more:
        client.get(url)
    assert more.count == few.count
