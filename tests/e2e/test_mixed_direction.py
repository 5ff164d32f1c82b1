"""Arabic pages with Latin names (issue 11, item 14): a cluster's acronym stays after its name,
partner reasons keep their quoted English in order, and the search placeholder is not cut."""

from __future__ import annotations

import pytest

from community.extensions import db
from tests.factories import make_cluster, make_user

NAME = "Egyptian Renewable Energy Cluster Initiative"
# The acronym ends after the name's last line: to its right on that line, or on a line below.
ACRONYM_AFTER_NAME = """heading => {
  const name = heading.querySelector("a") || heading.firstChild;
  const range = document.createRange();
  range.selectNodeContents(name);
  const rects = range.getClientRects();
  const last = rects[rects.length - 1];
  const acronym = heading.querySelector("small").getBoundingClientRect();
  return acronym.top > last.bottom - 2 || acronym.left >= last.right - 1;
}"""
# An empty field shows its whole placeholder, right-to-left (nothing cut at its start).
PLACEHOLDER_FITS = """input => {
  const style = getComputedStyle(input);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {direction: style.direction,
          fits: context.measureText(input.placeholder).width <= room};
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_arabic_cluster_and_partners_pages_keep_latin_names_in_order(
        open_page, live_app, live_server, check_accessibility, screenshot, width):
    with live_app.app_context():
        manager = make_user("ahmed", country="EG")
        make_cluster(manager, NAME, country="EG", acronym="ERECI", sectors=["renewable-energy"],
                     offers=[{"text": "Solar project development in Egypt",
                              "tags": ["solar", "renewable energy"]}])
        make_cluster(make_user("julien", country="FR"), "Capenergies", country="FR",
                     sectors=["renewable-energy"],
                     seeks=[{"text": "Solar project development partners in Egypt",
                             "tags": ["solar", "renewable energy"]}])
        db.session.remove()
    page = open_page(locale="ar", viewport={"width": width, "height": 900})

    page.goto(live_server + "/clusters/capenergies/partners")
    card = page.locator(".cluster-card h2, .cluster-card h3").filter(has_text="ERECI").first
    assert card.locator("bdi small").inner_text() == "(ERECI)"
    assert card.evaluate(ACRONYM_AFTER_NAME)
    reasons = page.locator("ol li ul li bdi").all_inner_texts()
    assert "Solar project development in Egypt" in reasons
    screenshot(page, f"language-partners-ar-{width}")
    check_accessibility(page, "partners in Arabic")

    page.goto(live_server + "/clusters/" + NAME.lower().replace(" ", "-"))
    heading = page.locator("h1")
    assert heading.get_attribute("dir") == "auto"
    assert heading.evaluate(ACRONYM_AFTER_NAME)
    screenshot(page, f"language-cluster-ar-{width}")
    check_accessibility(page, "cluster page in Arabic")

    page.goto(live_server + "/")
    placeholder = page.locator("#home-search").evaluate(PLACEHOLDER_FITS)
    assert placeholder == {"direction": "rtl", "fits": True}
    screenshot(page, f"language-home-ar-{width}")

    page.goto(live_server + "/search")
    placeholder = page.locator("#search-q").evaluate(PLACEHOLDER_FITS)
    assert placeholder == {"direction": "rtl", "fits": True}
    screenshot(page, f"language-search-ar-{width}")
    check_accessibility(page, "search in Arabic")
