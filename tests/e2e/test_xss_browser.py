"""The XSS corpus rendered by `render_markdown` and loaded in Chromium: no script runs, even when
every element is hovered, focused, clicked and dragged, and no link leaves http(s)/mailto.

The first test serves the rendered payloads WITHOUT our Content-Security-Policy (Playwright
answers the request), so it checks the sanitiser alone; the second shows them on a real profile
page, behind the CSP, the way members see them."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.markup import render_markdown
from community.models import User
from tests.conftest import unavailable
from tests.security.corpus import CORPUS, all_payloads, corpus_available

BATCH = 1000
TRAP = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function (value) { window.__xss.push(name + '(' + String(value) + ')'); };
}
"""
PROVOKE = """
() => {
  document.addEventListener('click', e => e.preventDefault(), true);
  document.addEventListener('submit', e => e.preventDefault(), true);
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click',
                 'dblclick', 'focus', 'focusin', 'blur', 'dragstart', 'drag', 'dragend',
                 'keydown', 'keyup', 'pointerover', 'pointerdown', 'animationstart', 'toggle'];
  let count = 0;
  for (const el of document.querySelectorAll('.user-content *')) {
    count += 1;
    try { el.focus(); } catch (e) {}
    for (const type of types) {
      try { el.dispatchEvent(new Event(type, {bubbles: true, cancelable: true})); } catch (e) {}
    }
  }
  return count;
}
"""
BAD_LINKS = """
() => Array.from(document.querySelectorAll('.user-content [href], .user-content [src],'
                                           + ' .user-content [action], .user-content [formaction]'))
  .map(el => el.href || el.src || el.action || el.formAction || '')
  .filter(url => {
    try {
      const u = new URL(url, location.href);
      if (!['http:', 'https:', 'mailto:'].includes(u.protocol)) return true;
      return false;
    } catch (e) { return true; }
  })
"""


def payload_batches():
    if not corpus_available():
        return [("missing", 0)]
    return [(name, i) for name, items in all_payloads().items()
            for i in range((len(items) + BATCH - 1) // BATCH)]


def rendered_document(payloads: list[str]) -> str:
    blocks = "\n".join(f'<div class="user-content" data-n="{n}">{render_markdown(p)}</div>'
                       for n, p in enumerate(payloads))
    return f"<!doctype html><html><head><title>xss</title></head><body>{blocks}</body></html>"


def provoke_every_element(page) -> None:
    """Hover, focus, click… every element of the members' content, and check that each one
    was provoked: the count PROVOKE returns is the count there was before (a payload's handler
    that added or removed elements would change it)."""
    elements = page.locator(".user-content *").count()
    assert elements > 0
    assert page.evaluate(PROVOKE) == elements


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(200)  # let timers and late event handlers of payloads fire
    fired = page.evaluate("() => window.__xss || []")
    assert fired == [] and dialogs == [], f"script ran: {fired + dialogs}"
    assert page.evaluate(BAD_LINKS) == []


@pytest.mark.parametrize(("name", "batch"), payload_batches())
def test_corpus_rendered_without_csp_runs_no_script(page, live_server, name, batch):
    if name == "missing":
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    payloads = all_payloads()[name][batch * BATCH:(batch + 1) * BATCH]
    document = rendered_document(payloads)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    page.route(f"{live_server}/__xss__/**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=document))
    page.goto(f"{live_server}/__xss__/{name}/{batch}")
    assert page.locator(".user-content").count() == len(payloads)
    provoke_every_element(page)
    assert_nothing_ran(page, dialogs)


def test_payloads_in_a_profile_bio_run_no_script(page, live_app, live_server, browser_user):
    if not corpus_available():
        unavailable(f"The XSS corpus is missing at {CORPUS}")
    payloads = all_payloads()
    chosen = (payloads["patt-XSS_Polyglots.txt"] + payloads["markdown-it-xss-fixture.txt"]
              + payloads["h5sc-vectors.txt"] + payloads["patt-xss_alert_identifiable.txt"][:200])
    bio = "\n\n".join(chosen)
    user = browser_user("hacker")
    with live_app.app_context():
        stored = db.session.get(User, user.id)
        stored.bio = bio
        stored.bio_html = render_markdown(bio)
        db.session.commit()
        db.session.remove()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(TRAP)
    response = page.goto(f"{live_server}/u/hacker")
    assert response.status == 200
    assert page.locator(".user-content").count() == 1
    provoke_every_element(page)
    assert_nothing_ran(page, dialogs)
    assert page.locator("#profile-name").count() == 1
