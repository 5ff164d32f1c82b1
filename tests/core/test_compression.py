"""Compression of responses: brotli or gzip by Accept-Encoding, never for tiny bodies, images or
streamed responses, always `Vary: Accept-Encoding`."""

from __future__ import annotations

import gzip

import brotli
import pytest
from flask import Response


def test_page_is_brotli_when_accepted(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert b"<html" in brotli.decompress(response.data)


def test_page_is_gzip_without_brotli(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.data)


def test_page_is_plain_without_accept_encoding(client):
    response = client.get("/")
    assert "Content-Encoding" not in response.headers


def test_json_is_compressed(client):
    response = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("encoding", ["", "br"])
def test_response_varies_on_accept_encoding(client, encoding):
    response = client.get("/", headers={"Accept-Encoding": encoding})
    assert "Accept-Encoding" in response.headers["Vary"]


def test_tiny_body_is_not_compressed(client):
    response = client.get("/healthz", headers={"Accept-Encoding": "br"})
    assert len(response.data) < 500
    assert "Content-Encoding" not in response.headers


def test_image_is_not_compressed(app, client):
    from pathlib import Path

    name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png"  # a name images.py could have generated
    (Path(app.config["UPLOAD_FOLDER"]) / name).write_bytes(b"\x89PNG\r\n\x1a\n" * 200)
    response = client.get(f"/uploads/{name}", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


def test_streamed_response_is_not_compressed(app, client):
    app.add_url_rule("/test-stream", "test_stream",
                     lambda: Response((b"line\n" for _ in range(500)), mimetype="text/plain"))
    response = client.get("/test-stream", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in response.headers
    assert response.data == b"line\n" * 500
