"""Avatar uploads through the settings page and `PUT /api/v1/me/avatar`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from community.extensions import db
from community.models import User
from tests.profiles.helpers import (
    image_bytes,
    noise_png,
    png_header_only,
    two_colour_jpeg_rotated,
)


def upload(api, data: bytes, name: str = "avatar.png", content_type: str = "image/png"):
    return api.client.put("/api/v1/me/avatar", headers=api.headers(),
                          data={"file": (io.BytesIO(data), name, content_type)},
                          content_type="multipart/form-data")


def stored_files(app) -> list[str]:
    return sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir())


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "a.png"), ("JPEG", "a.jpg"),
                                           ("WEBP", "a.webp")])
def test_put_avatar_valid_image_is_reencoded_square(app, client, api_as, member, fmt, name):
    original = image_bytes(fmt, size=(640, 400))
    response = upload(api_as(member), original, name)
    assert response.status_code == 200
    url = response.get_json()["avatar_url"]
    assert url.startswith("/uploads/")
    assert re.fullmatch(r"/uploads/[0-9a-f]{32}\.(webp|png)", url)
    served = client.get(url)
    assert served.status_code == 200
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Type"] in ("image/webp", "image/png")
    assert served.data != original
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (256, 256)
        assert image.format in ("WEBP", "PNG")


def test_put_avatar_applies_exif_rotation(client, api_as, member):
    response = upload(api_as(member), two_colour_jpeg_rotated(), "photo.jpg", "image/jpeg")
    assert response.status_code == 200
    served = client.get(response.get_json()["avatar_url"])
    with Image.open(io.BytesIO(served.data)) as image:
        top = image.convert("RGB").getpixel((128, 30))
        bottom = image.convert("RGB").getpixel((128, 226))
    assert top[0] > 200 and top[2] < 60  # the red half was on the left: now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_put_avatar_replacing_removes_old_file(app, api_as, member):
    api = api_as(member)
    first = upload(api, image_bytes()).get_json()["avatar_url"].rsplit("/", 1)[1]
    second = upload(api, image_bytes(color=(0, 90, 0))).get_json()["avatar_url"].rsplit("/", 1)[1]
    assert first != second
    assert stored_files(app) == [second]


@pytest.mark.parametrize(("data", "name", "content_type"), [
    (b"just some text, not an image\n" * 20, "notes.png", "image/png"),
    (image_bytes("GIF"), "anim.gif", "image/gif"),
    (image_bytes("GIF"), "disguised.png", "image/png"),
    (image_bytes("BMP"), "old.png", "image/png"),
    (image_bytes("PNG")[:60], "truncated.png", "image/png"),
    (b"", "empty.png", "image/png"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.png", "image/png"),
])
def test_put_avatar_refuses_non_images(app, api_as, member, data, name, content_type):
    response = upload(api_as(member), data, name, content_type)
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "validation"
    assert "file" in body["fields"]
    assert stored_files(app) == []
    db.session.expire_all()
    assert db.session.get(User, member.id).avatar_filename is None


def test_put_avatar_over_2_mib_is_refused(app, api_as, member):
    data = noise_png(1100, 1000)
    assert len(data) > 3 * 1024 * 1024
    response = upload(api_as(member), data)
    assert response.status_code == 422
    assert "MiB" in response.get_json()["error"]["fields"]["file"]
    assert stored_files(app) == []


@pytest.mark.parametrize("side", [100_000, 7_000])
def test_put_avatar_decompression_bomb_is_refused(app, api_as, member, side):
    response = upload(api_as(member), png_header_only(side, side), "bomb.png")
    assert response.status_code == 422
    assert "pixels" in response.get_json()["error"]["fields"]["file"]
    assert stored_files(app) == []


def test_put_avatar_without_file_is_422(api_as, member):
    api = api_as(member)
    response = api.client.put("/api/v1/me/avatar", headers=api.headers(), data={},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "file" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}])
def test_put_avatar_anonymous_is_401(client, headers):
    response = client.put("/api/v1/me/avatar", headers=headers,
                          data={"file": (io.BytesIO(image_bytes()), "a.png")},
                          content_type="multipart/form-data")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_put_avatar_unconfirmed_user_allowed(api_as, unconfirmed):
    assert upload(api_as(unconfirmed), image_bytes()).status_code == 200


def test_upload_avatar_form_stores_image(app, client, auth, member):
    auth.login(member)
    response = client.post("/settings/avatar", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(image_bytes("JPEG")), "me.jpg")})
    assert response.status_code == 302
    db.session.expire_all()
    filename = db.session.get(User, member.id).avatar_filename
    assert filename and stored_files(app) == [filename]
    html = client.get("/u/amina").get_data(as_text=True)
    assert f'src="/uploads/{filename}"' in html
    assert 'alt="Profile picture of Amina Benali"' in html


def test_upload_avatar_form_refuses_text_file_back_on_the_page(app, client, auth, member):
    auth.login(member)
    response = client.post("/settings/avatar", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"hello"), "me.png")}, follow_redirects=True)
    assert response.request.path == "/settings/profile"
    assert "Upload a PNG, JPEG or WebP image." in response.get_data(as_text=True)
    assert stored_files(app) == []


def test_upload_avatar_form_anonymous_redirects(client):
    response = client.post("/settings/avatar", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(image_bytes()), "me.png")})
    assert response.status_code == 302


def test_remove_avatar_deletes_file(app, client, auth, member):
    auth.login(member)
    client.post("/settings/avatar", content_type="multipart/form-data",
                data={"file": (io.BytesIO(image_bytes()), "me.png")})
    response = client.post("/settings/avatar/remove")
    assert response.status_code == 302
    assert stored_files(app) == []
    db.session.expire_all()
    assert db.session.get(User, member.id).avatar_filename is None
