"""Interface language (user setting, then the switcher, then Accept-Language), text direction,
and localised country and language names. A visitor's choice in the switcher is a cookie, not
the session: their pages are shared by every visitor of that language (`page_cache.py`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale
from flask import Flask, Response, current_app, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from community.extensions import babel

LANGUAGES = ("en", "fr", "ar")
RTL_LANGUAGES = {"ar"}
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
# Codes Babel lists as territories but which are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "XK"}
EU_COUNTRIES = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}
MENA_COUNTRIES = {
    "DZ", "BH", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SY",
    "TN", "AE", "YE",
}
# Names the region's partners use where Babel's (CLDR's) differ or are missing, per locale.
OWN_COUNTRY_NAMES = {"PS": {"en": "Palestine", "fr": "Palestine", "ar": "فلسطين"}}
OWN_LANGUAGE_NAMES = {"amz": {"en": "Tamazight", "fr": "tamazight", "ar": "الأمازيغية"}}
# Languages offered on profiles: the region's, then the widely spoken ones.
PROFILE_LANGUAGES = ("ar", "fr", "en", "es", "it", "ca", "de", "pt", "tr", "el", "he", "amz")
LOCALE_COOKIE = "locale"
LOCALE_COOKIE_SECONDS = 365 * 24 * 3600


def select_locale() -> str:
    if not has_request_context():  # the command line, background work: the default language
        return "en"
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in LANGUAGES:
        return user_locale
    chosen = chosen_language()
    if chosen is not None:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def chosen_language() -> str | None:
    """The language picked in the switcher: a member's session, else the visitor's cookie."""
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    chosen = request.cookies.get(LOCALE_COOKIE)
    return chosen if chosen in LANGUAGES else None


def remember_language(response: Response, locale: str) -> Response:
    """Keep the switcher's choice in a cookie: it outlives the session, and a visitor's pages
    read it without one."""
    response.set_cookie(LOCALE_COOKIE, locale, max_age=LOCALE_COOKIE_SECONDS, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def vary_on_language(response: Response) -> Response:
    """A page's language may come from `Accept-Language`: shared caches must keep it apart."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    from community import times

    babel.init_app(app, locale_selector=select_locale, timezone_selector=times.select_timezone)
    times.init_app(app)
    app.after_request(vary_on_language)
    app.add_template_filter(isolate)
    app.add_template_filter(isolate_plain)

    @app.context_processor
    def inject_i18n() -> dict:
        locale = str(get_locale() or "en")
        return {
            "current_locale": locale,
            "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
            "language_names": LANGUAGE_NAMES,
            "country_name": country_name,
            "country_flag": country_flag,
            "language_name": language_name,
        }


def current_language() -> str:
    return str(get_locale() or "en")


@cache
def _territories(locale: str) -> dict[str, str]:
    names = Locale.parse(locale).territories
    countries = {code: name for code, name in names.items()
                 if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES}
    return countries | _own_names(OWN_COUNTRY_NAMES, locale)


def _own_names(names: dict[str, dict[str, str]], locale: str) -> dict[str, str]:
    return {code: by_locale.get(locale, by_locale["en"]) for code, by_locale in names.items()}


def countries(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, localised name) for every country, sorted by name in that language."""
    names = _territories(locale or current_language())
    return sorted(names.items(), key=lambda item: item[1])


def is_country(code: str | None) -> bool:
    return bool(code) and code in _territories("en")


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _territories(current_language()).get(code, code)


def country_flag(code: str | None) -> Markup:
    """The country's flag, drawn from the flag-icons SVGs (emoji flags do not show on every
    system). Decorative: the country's name always stands beside it."""
    if not code or len(code) != 2 or not code.isalpha():
        return Markup("")
    return Markup('<span class="fi fi-{}" aria-hidden="true"></span>').format(code.lower())


def shore_of(code: str | None) -> str | None:
    if code in EU_COUNTRIES:
        return "north"
    if code in MENA_COUNTRIES:
        return "south"
    return None


@cache
def _language_names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).languages) | _own_names(OWN_LANGUAGE_NAMES, locale)


def language_name(code: str) -> str:
    return _language_names(current_language()).get(code, code)


# Unicode's FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: <bdi> for plain text.
FSI, PDI = "\u2068", "\u2069"
DIRECTIONS = ("auto", "ltr", "rtl")


def isolate(value: object, direction: str = "auto") -> Markup:
    """`value` escaped inside a <bdi>, so a name or a quote of the other script keeps its own
    order inside a translated sentence ("(ERECI)" after the name, "int@j" not "@int j")."""
    text = "" if value is None else value
    if direction == "auto":
        return Markup("<bdi>{}</bdi>").format(text)
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}")
    return Markup('<bdi dir="{}">{}</bdi>').format(direction, text)


def isolate_plain(value: object) -> str:
    """`value` between Unicode isolate marks: the <bdi> of plain-text mails and page titles."""
    return f"{FSI}{'' if value is None else value}{PDI}"


def format_isolated(translated: str, **values: object) -> Markup:
    """A translated sentence (`_("… %(name)s …")` without values, escaped: it is text) with each
    value escaped and isolated, for sentences built in Python and shown in pages. Markup values
    are kept as they are."""
    isolated = {name: value if isinstance(value, Markup) else isolate(value)
                for name, value in values.items()}
    return escape(translated) % isolated


def in_language(user, message: Callable[[], str]) -> str:
    """`message()` rendered in `user`'s language: a notification's text is stored as its
    recipient will read it."""
    with force_locale(user.locale or "en"):
        return message()
