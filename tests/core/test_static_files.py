"""Static files: content-hashed names cached for a year, plain names revalidated, precompressed
twins sent to clients that accept them."""

from __future__ import annotations

import os
import re

import brotli
import pytest
from flask import url_for

from community.precompress import precompress

CSS = b".brand { color: #0b5; }\n" * 40
HASHED = re.compile(r"/static/css/site\.([0-9a-f]{8})\.css")


@pytest.fixture
def static(app, tmp_path):
    """An empty static folder of the app's own, with css/site.css in it."""
    folder = tmp_path / "static"
    (folder / "css").mkdir(parents=True)
    (folder / "css" / "site.css").write_bytes(CSS)
    app.static_folder = str(folder)
    return folder


def site_css_url(app) -> str:
    with app.test_request_context():
        return url_for("static", filename="css/site.css")


def test_page_links_stylesheet_by_hashed_name(client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/static/css/app\.[0-9a-f]{8}\.css"', html)


def test_hashed_file_is_cached_for_a_year(app, client, static):
    response = client.get(site_css_url(app))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_hashed_file_serves_the_content(app, client, static):
    assert client.get(site_css_url(app)).data == CSS


def test_changed_content_changes_the_name(app, static):
    before = site_css_url(app)
    path = static / "css" / "site.css"
    path.write_bytes(CSS + b"a { color: red; }\n")
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000))
    assert HASHED.fullmatch(site_css_url(app))
    assert site_css_url(app) != before


def test_unknown_digest_is_not_found(client, static):
    assert client.get("/static/css/site.0badf00d.css").status_code == 404


def test_plain_name_is_revalidated(client, static):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_missing_file_keeps_its_plain_name(app, static):
    with app.test_request_context():
        assert url_for("static", filename="css/none.css") == "/static/css/none.css"


def test_name_leaving_the_folder_is_not_found(client, static):
    assert client.get("/static/../config.0badf00d.py").status_code == 404


def test_brotli_twin_is_served_when_accepted(app, client, static):
    precompress(static)
    response = client.get(site_css_url(app), headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == CSS


def test_gzip_twin_is_served_without_brotli(app, client, static):
    precompress(static)
    response = client.get(site_css_url(app), headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.data == (static / "css" / "site.css.gz").read_bytes()


def test_twin_older_than_its_file_is_not_served(app, client, static):
    precompress(static)
    twin = static / "css" / "site.css.br"
    twin.write_bytes(b"stale")
    os.utime(twin, ns=(0, (static / "css" / "site.css").stat().st_mtime_ns - 1))
    response = client.get(site_css_url(app), headers={"Accept-Encoding": "br"})
    assert brotli.decompress(response.data) == CSS


def test_twins_have_their_own_etags(app, client, static):
    precompress(static)
    url = site_css_url(app)
    etags = {client.get(url, headers={"Accept-Encoding": encoding}).headers["ETag"]
             for encoding in ("br", "gzip", "identity")}
    assert len(etags) == 3


def test_precompress_removes_twins_of_deleted_files(static):
    precompress(static)
    (static / "css" / "site.css").unlink()
    precompress(static)
    assert list((static / "css").iterdir()) == []
