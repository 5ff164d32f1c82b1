"""The `when` filter: one UTC instant shown in the reader's zone and language, relative while
recent, always as `<time datetime="…Z" dir="auto">`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from community.times import force_timezone, guessed_timezone, timezone_choices, when

WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # New York on EST (UTC-5)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)  # New York on EDT (UTC-4); Tunis stays UTC+1


def shown(app, moment, locale, zone, **options) -> str:
    with app.test_request_context(), force_locale(locale), force_timezone(zone):
        return str(when(moment, **options))


@pytest.mark.parametrize(("locale", "zone", "moment", "text"), [
    ("en", "Africa/Tunis", WINTER, "Jan 15, 2026, 1:00\u202fPM"),
    ("en", "America/New_York", WINTER, "Jan 15, 2026, 7:00\u202fAM"),
    ("en", "America/New_York", SUMMER, "Jul 15, 2026, 8:00\u202fAM"),
    ("en", "Africa/Tunis", SUMMER, "Jul 15, 2026, 1:00\u202fPM"),
    ("fr", "Africa/Tunis", WINTER, "15 janv. 2026, 13:00"),
    ("fr", "America/New_York", SUMMER, "15 juil. 2026, 08:00"),
    ("ar", "Africa/Tunis", WINTER, "15\u200f/01\u200f/2026، 1:00 م"),
    ("ar", "America/New_York", SUMMER, "15\u200f/07\u200f/2026، 8:00 ص"),
])
def test_when_shows_instant_in_reader_zone_and_language(app, locale, zone, moment, text):
    assert shown(app, moment, locale, zone) == (
        f'<time datetime="{moment:%Y-%m-%dT%H:%M:%SZ}" dir="auto" data-when="datetime">'
        f"{text}</time>")


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "5 min. ago"), ("fr", "il y a 5\xa0min"), ("ar", "قبل 5 دقائق")])
def test_when_recent_time_is_relative(app, locale, text):
    moment = datetime.now(UTC) - timedelta(minutes=5, seconds=10)
    assert 'data-when="relative" title="' in shown(app, moment, locale, "Asia/Amman")
    assert shown(app, moment, locale, "Asia/Amman").endswith(f">{text}</time>")


def test_when_without_relative_shows_date_and_time(app):
    moment = datetime.now(UTC) - timedelta(minutes=5)
    assert 'data-when="datetime"' in shown(app, moment, "en", "UTC", relative=False)


def test_when_date_only_uses_reader_zone_day(app):
    late = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # already the 16th in Tunis
    assert 'data-width="medium">Jan 16, 2026</time>' in shown(app, late, "en", "Africa/Tunis",
                                                             date_only=True)


def test_when_none_is_empty(app):
    assert shown(app, None, "en", "UTC") == ""


@pytest.mark.parametrize(("given", "stored"), [
    ("Africa/Tunis", "Africa/Tunis"), (" Europe/Paris ", "Europe/Paris"), ("Mars/Olympus", "UTC"),
    ("", "UTC"), (None, "UTC"), ("localtime", "UTC")])
def test_guessed_timezone_keeps_only_real_zones(given, stored):
    assert guessed_timezone(given) == stored


def test_timezone_choices_are_grouped_and_localised(app):
    with app.test_request_context(), force_locale("fr"):
        choices = timezone_choices()
    assert ("Africa/Tunis", "Tunis") in choices["Afrique"]
    assert ("Asia/Amman", "Amman") in choices["Asie"]
