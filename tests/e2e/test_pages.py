"""Every main page, in English and in Arabic, on a desktop and on a phone: no console error, no
request to another origin, no serious or critical axe violation; screenshots for review."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, accessibility_violations, screenshot, sign_in

PUBLIC_PAGES = {"home": "/", "login": "/login", "register": "/register", "reset": "/reset",
                "directory": "/members", "profile": "/u/amina"}
PRIVATE_PAGES = {"profile-edit": "/settings/profile", "settings": "/settings/account",
                 "directory-signed-in": "/members?q=a"}

# The widest elements sticking out of the viewport (a page must not scroll sideways).
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => {
      const r = el.getBoundingClientRect();
      return r.right > width + 1 || r.left < -1;
    })
    .slice(-3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string'
                           ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
}
"""


def visit_all(page, live_server, pages: dict[str, str], locale: str, device: str) -> list[str]:
    problems = []
    for name, path in pages.items():
        response = page.goto(live_server + path)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        html = page.locator("html")
        expected_dir = "rtl" if locale == "ar" else "ltr"
        if html.get_attribute("dir") != expected_dir or html.get_attribute("lang") != locale:
            problems.append(f"{path}: <html lang={html.get_attribute('lang')} "
                            f"dir={html.get_attribute('dir')}>")
        if page.locator("h1").count() != 1:
            problems.append(f"{path}: {page.locator('h1').count()} <h1> elements")
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            problems.append(f"{path}: wider than the screen because of {overflow}")
        problems += [f"{path}: {v}" for v in accessibility_violations(page)]
        screenshot(page, f"{name}-{locale}-{device}")
    return problems


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_main_pages_are_clean_and_accessible(open_page, live_server, browser_user, locale,
                                             device):
    browser_user("amina", display_name="Amina Benali", country="MA",
                 headline="Innovation manager", bio="Textile **cluster** in Casablanca.")
    browser_user("karim", display_name="كريم حداد", country="JO")
    page = open_page(locale=locale, viewport=DESKTOP if device == "desktop" else PHONE)
    problems = visit_all(page, live_server, PUBLIC_PAGES, locale, device)
    page.goto(live_server + "/u/amina")
    if page.locator(".user-content strong").count() != 1:
        problems.append("/u/amina: the bio is not shown rendered")
    sign_in(page, browser_user("sami", display_name="Sami Nasser", country="LB"))
    problems += visit_all(page, live_server, PRIVATE_PAGES, locale, device)
    assert problems == []
