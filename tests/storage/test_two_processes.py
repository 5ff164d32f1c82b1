"""The issue's test: two app processes with their own local folders and one bucket; an avatar
uploaded through one is served by the other, with the upload headers."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.chat.test_scale import Server
from tests.factories import make_token
from tests.profiles.helpers import image_bytes


@pytest.fixture
def two_servers(database_url, bucket, s3_env, tmp_path):
    """Two server processes on free ports sharing the database and the bucket; killed at the
    end even when the test fails."""
    def start(folder: Path) -> Server:
        folder.mkdir()
        return Server({**os.environ, **s3_env, "DATABASE_URL": database_url,
                       "SERVE_FOLDER": str(folder), "STORAGE_URL": f"s3://{bucket}/uploads"},
                      folder)

    with ThreadPoolExecutor(2) as pool:  # both start at once: half the wait
        starting = [pool.submit(start, tmp_path / name) for name in ("one", "two")]
    started = [future.result() for future in starting if future.exception() is None]
    try:
        assert len(started) == 2, [str(future.exception()) for future in starting]
        yield started
    finally:
        for server in started:
            server.stop()


def test_avatar_uploaded_through_one_process_is_served_by_the_other(app, member, two_servers,
                                                                    tmp_path):
    one, two = two_servers
    answer = requests.put(f"{one.url}/api/v1/me/avatar", timeout=10,
                          headers={"Authorization": f"Bearer {make_token(member)}"},
                          files={"file": ("me.png", image_bytes(), "image/png")})
    url = answer.json()["avatar_url"]
    served = requests.get(f"{two.url}{url}", timeout=10)
    assert served.status_code == 200 and served.content[:4] in (b"RIFF", b"\x89PNG")
    assert served.headers["Content-Type"] == f"image/{url.rsplit('.', 1)[1]}"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert not list(Path(tmp_path).glob("*/uploads/*.*"))  # neither local folder has it
