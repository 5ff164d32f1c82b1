"""Browser tests: the real app served over HTTP (and WebSocket) on 127.0.0.1, a real SMTP server,
Debian's Chromium driven by Playwright. They run on PostgreSQL only and are marked `browser`.

Fixtures and helpers for the other e2e test modules:

- `live_server`: the base URL (``http://127.0.0.1:<port>``) of the running app; every row is
  deleted after each test. `live_app` is the Flask app behind it.
- `smtp_server`: `.messages` (parsed `EmailMessage`s), `.wait_for_mail(to, timeout)`.
- `page`: a fresh Chromium page (own cookies) that fails the test at teardown on any console
  error, page error or request to another origin. `open_page(locale=..., viewport=...)` makes
  more (for instance a second user in a chat test, or the Arabic interface via Accept-Language).
  `page.log.allow(regex)` tolerates a console error the test expects (e.g. a deliberate 404).
- `check_accessibility(page)`: axe-core; fails listing every serious or critical violation.
- `screenshot(page, name)`: `test-artifacts/screenshots/<name>.png`.
- `browser_user(**fields)`: a confirmed user (`tests.factories.make_user`) made in the live app;
  returns a `BrowserUser` (id, username, email, password, display_name).
- `sign_in(page, user)`: through the real login form.
- `mail_links(message)`: the http(s) links of a mail's text part.
"""

from __future__ import annotations

import email
import email.policy
import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from community import create_app
from community.extensions import db, socketio
from tests.conftest import (
    POSTGRES_ADMIN_URL,
    create_postgres_database,
    drop_postgres_database,
    empty_database,
    make_config,
    postgres_reachable,
    unavailable,
)
from tests.factories import PASSWORD, make_user

E2E_DIR = Path(__file__).resolve().parent
REPO_DIR = E2E_DIR.parents[1]
ARTIFACTS = REPO_DIR / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_FILE = REPO_DIR / "static" / "vendor" / "axe" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="session", params=["postgresql"])
def database_url(request, tmp_path_factory):
    """Browser tests run on PostgreSQL only: one fresh database per worker."""
    if not postgres_reachable():
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = create_postgres_database(f"e2e_{worker}")
    app = create_app(make_config(url, tmp_path_factory.mktemp("e2e-schema")))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    yield url
    drop_postgres_database(url)


# --------------------------------------------------------------------------- SMTP


class MailCollector:
    """The aiosmtpd handler: keeps every message, parsed, and wakes up waiters."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.condition = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.condition:
            self.messages.append(message)
            self.condition.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, host: str, port: int, collector: MailCollector) -> None:
        self.host = host
        self.port = port
        self._collector = collector

    @property
    def messages(self) -> list[EmailMessage]:
        return list(self._collector.messages)

    def clear(self) -> None:
        with self._collector.condition:
            self._collector.messages.clear()

    def mail_to(self, to: str) -> list[EmailMessage]:
        to = to.lower()
        return [m for m in self.messages
                if to in (m["To"] or "").lower() or to in m["X-Envelope-To"].lower()]

    def wait_for_mail(self, to: str, timeout: float = 10.0, count: int = 1) -> EmailMessage:
        """The `count`-th message to `to` (waits for it; fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._collector.condition:
            while True:
                found = self.mail_to(to)
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    subjects = [(m["To"], m["Subject"]) for m in self._collector.messages]
                    pytest.fail(f"No mail to {to} within {timeout}s; received: {subjects}")
                self._collector.condition.wait(left)


@pytest.fixture(scope="session")
def _smtp_session():
    from aiosmtpd.controller import Controller

    collector = MailCollector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer("127.0.0.1", port, collector)
    controller.stop()


@pytest.fixture
def smtp_server(_smtp_session) -> SmtpServer:
    """A real SMTP server on 127.0.0.1 collecting this test's mail."""
    _smtp_session.clear()
    yield _smtp_session
    _smtp_session.clear()


def mail_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def mail_links(message: EmailMessage) -> list[str]:
    """Every http(s) link of the mail's text part, in order."""
    return re.findall(r"https?://[^\s<>\"')]+", mail_text(message))


# --------------------------------------------------------------------------- live server


class InFlight:
    """WSGI middleware counting the page and API requests the live server is still answering,
    so a test's teardown can wait for them before emptying the database."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.count = 0
        self.condition = threading.Condition()

    def _done(self) -> None:
        with self.condition:
            self.count -= 1
            self.condition.notify_all()

    def __call__(self, environ, start_response):
        from werkzeug.wsgi import ClosingIterator

        if environ.get("PATH_INFO", "").startswith("/socket.io/"):
            # Long polls and WebSockets last as long as the connection: not worth waiting for.
            return self.wsgi_app(environ, start_response)
        with self.condition:
            self.count += 1
        try:
            response = self.wsgi_app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return ClosingIterator(response, [self._done])

    def wait_idle(self, timeout: float = 5.0) -> bool:
        with self.condition:
            return self.condition.wait_for(lambda: self.count <= 0, timeout)


@dataclass
class LiveServer:
    app: object
    url: str
    server: object
    thread: threading.Thread
    in_flight: InFlight
    socketio_state: dict = field(default_factory=dict)


SOCKETIO_ATTRIBUTES = ("server", "server_options", "sockio_mw", "async_mode", "manage_session")


def _socketio_state() -> dict:
    return {name: getattr(socketio, name, None) for name in SOCKETIO_ATTRIBUTES}


def _restore_socketio(state: dict) -> None:
    for name, value in state.items():
        setattr(socketio, name, value)


@pytest.fixture(scope="session")
def _live_session(database_url, _smtp_session, tmp_path_factory):
    if not (REPO_DIR / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").exists():
        pytest.fail("static/vendor/ is missing: run `make vendor` (make test does it)")
    folder = tmp_path_factory.mktemp("live")
    config = make_config(
        database_url, folder,
        MAIL_SERVER=_smtp_session.host, MAIL_PORT=_smtp_session.port,
        MAIL_USE_TLS=False, MAIL_USERNAME=None, WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False, SOCKETIO_ASYNC_MODE="threading", SERVER_NAME=None,
    )
    app = create_app(config)
    # `socketio` is one extension object bound to the latest app made in this process; the
    # per-test fixture points it back at this server so server-side emits reach the browser.
    state = _socketio_state()
    port = free_port()
    app.config["SITE_URL"] = f"http://127.0.0.1:{port}"  # the mails link to this server
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # What `socketio.run(app, allow_unsafe_werkzeug=True)` does in threading mode (Werkzeug,
    # threaded; WebSocket through simple-websocket), on a server we can shut down.
    in_flight = InFlight(app.wsgi_app)
    app.wsgi_app = in_flight
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    live = LiveServer(app=app, url=f"http://127.0.0.1:{port}", server=server, thread=thread,
                      in_flight=in_flight, socketio_state=state)
    yield live
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_app(_live_session):
    return _live_session.app


@pytest.fixture
def live_server(_live_session, smtp_server) -> str:
    """The base URL of the running app; its database is emptied after the test."""
    previous = _socketio_state()
    _restore_socketio(_live_session.socketio_state)
    yield _live_session.url
    _restore_socketio(previous)
    # The browser pages are closed by now (`open_page` is torn down first); let the server
    # finish what they had asked (a WebSocket closing, a last poll) before deleting rows.
    _live_session.in_flight.wait_idle(timeout=5)
    with _live_session.app.app_context():
        db.session.rollback()
        for attempt in range(3):
            try:
                empty_database()
                break
            except sa.exc.OperationalError:  # a late request still holding a row lock
                db.session.rollback()
                if attempt == 2:
                    raise
                time.sleep(0.5)
        db.session.remove()


# --------------------------------------------------------------------------- users


@dataclass
class BrowserUser:
    id: int
    username: str
    email: str
    password: str
    display_name: str


@pytest.fixture
def browser_user(live_app, live_server):
    """`browser_user(username=None, role="member", confirmed=True, **fields)` → BrowserUser."""

    def build(username: str | None = None, **fields) -> BrowserUser:
        password = fields.pop("password", PASSWORD)
        with live_app.app_context():
            user = make_user(username, password=password, **fields)
            made = BrowserUser(user.id, user.username, user.email, password, user.display_name)
            db.session.remove()
        return made

    return build


def sign_in(page, user: BrowserUser, password: str | None = None, next_path: str = "") -> None:
    """Sign in through the real form; waits until the browser has left the login page."""
    base = page.live_url
    page.goto(f"{base}/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", password or user.password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    assert "/login" not in urlsplit(page.url).path, f"sign-in failed, still on {page.url}"


def sign_out(page) -> None:
    """Through the user menu (in the collapsed site menu on a phone)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#nav-main.show:not(.collapsing)").wait_for()
    page.locator("#user-menu").click()
    with page.expect_navigation():
        page.locator("form[action$='/logout'] [type=submit]").first.click()


# --------------------------------------------------------------------------- browser


class BrowserLog:
    """What a page did that a test should not tolerate."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.outside_requests: list[str] = []
        self.dialogs: list[str] = []
        self.allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        """Tolerate console errors matching `pattern` (e.g. the 404 of a page a test visits)."""
        self.allowed.append(re.compile(pattern))

    def on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')})")

    def on_request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.outside_requests.append(url)

    def problems(self) -> list[str]:
        errors = [e for e in self.console_errors if not any(p.search(e) for p in self.allowed)]
        return ([f"console error: {e}" for e in errors]
                + [f"page error: {e}" for e in self.page_errors]
                + [f"request outside {self.origin}: {u}" for u in self.outside_requests])


@pytest.fixture(scope="session")
def _browser():
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(_browser, live_server):
    """`open_page(locale="en-US", viewport=DESKTOP)`: a new page in its own browser context."""
    contexts = []
    pages = []

    def build(locale: str = "en-US", viewport: dict | None = None):
        context = _browser.new_context(locale=locale, viewport=viewport or DESKTOP,
                                       extra_http_headers={"Accept-Language": locale})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        log = BrowserLog(live_server)
        page.on("console", log.on_console)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        context.on("request", log.on_request)
        page.log = log
        page.live_url = live_server
        pages.append(page)
        return page

    yield build
    problems = [f"page {i}: {p}" for i, page in enumerate(pages) for p in page.log.problems()]
    for context in contexts:
        context.close()
    if problems:
        pytest.fail("The browser reported:\n" + "\n".join(problems))


@pytest.fixture
def page(open_page):
    """A Chromium page (English, 1280×800) failing the test on console/page errors or
    requests to another origin."""
    return open_page()


def accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each."""
    if not AXE_FILE.exists():
        pytest.fail("static/vendor/axe/axe.min.js is missing: run `make vendor`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Loaded from our own origin: the Content-Security-Policy forbids inline scripts.
        page.add_script_tag(url=f"{page.live_url}/static/vendor/axe/axe.min.js")
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"
    )
    return [f"- {v['id']} ({v['impact']}): {v['help']} → {v['nodes']}"
            for v in violations if v["impact"] in ("serious", "critical")]


def check_accessibility(page, context: str = "") -> None:
    """Run axe-core on the current page; fail on any serious or critical violation."""
    bad = accessibility_violations(page)
    if bad:
        pytest.fail(f"Accessibility violations on {context or page.url}:\n" + "\n".join(bad))


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="check_accessibility")
def check_accessibility_fixture():
    return check_accessibility


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    return screenshot


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    return sign_in
