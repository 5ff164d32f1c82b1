"""What the runner sends wrk and the login form it signs in through."""

from pathlib import Path

import pytest

from bench.harness import pages, wrk


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}  # as in production, where the runner signs in


def test_the_login_form_token_is_found(client):
    form = client.get("/login").get_data(as_text=True)
    token = pages.CSRF.search(form)
    assert token and len(token.group(1)) > 20


def test_wrk_runs_two_threads_four_connections_with_the_cookie(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: "/usr/bin/wrk")
    command = wrk.wrk_command("http://127.0.0.1:7102", Path("/tmp/thread.txt"), 3.0,
                              pages.wrk_headers("session=abc"))
    assert command[:5] == ["/usr/bin/wrk", "-t2", "-c4", "-d3s", "--latency"]
    assert "Cookie: session=abc" in command
    assert command[-3:] == ["http://127.0.0.1:7102", "--", "/tmp/thread.txt"]


def test_signed_out_wrk_sends_no_cookie():
    assert not any(header.startswith("Cookie") for header in pages.wrk_headers(None))


def test_missing_wrk_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="apt-get install wrk"):
        wrk.require_wrk()
