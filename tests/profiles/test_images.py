"""`community/images.py`, shared by avatars and cluster logos."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from community.errors import ValidationError
from community.images import delete_image, store_image
from tests.profiles.helpers import image_bytes


def upload(data: bytes, name: str = "x.png") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def stored(app, filename: str) -> Image.Image:
    return Image.open(Path(app.config["UPLOAD_FOLDER"]) / filename)


def test_store_image_not_square_keeps_aspect_ratio(app):
    filename = store_image(upload(image_bytes(size=(800, 400))), 2 ** 21, 256, square=False)
    with stored(app, filename) as image:
        assert image.size == (256, 128)


def test_store_image_keeps_transparency(app):
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(buffer, "PNG")
    with stored(app, store_image(upload(buffer.getvalue()), 2 ** 21, 32)) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((5, 5))[3] == 0


def test_store_image_accepts_phone_mpo_jpeg(app):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(buffer, "MPO", save_all=True,
                                          append_images=[Image.new("RGB", (60, 40), "blue")])
    with stored(app, store_image(upload(buffer.getvalue(), "phone.jpg"), 2 ** 21, 32)) as image:
        assert image.size == (32, 32)
        assert image.convert("RGB").getpixel((16, 16))[0] > 200


def test_store_image_animated_webp_keeps_first_frame(app):
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (40, 40), c) for c in ("green", "red", "blue")]
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    with stored(app, store_image(upload(buffer.getvalue()), 2 ** 21, 32)) as image:
        assert getattr(image, "n_frames", 1) == 1
        red, green, _blue = image.convert("RGB").getpixel((16, 16))
        assert green > 100 and red < 60


@pytest.mark.parametrize("config_overrides", [{"AVATAR_MAX_PIXELS": 10_000}])
def test_store_image_refuses_more_pixels_than_configured(app, config_overrides):
    with pytest.raises(ValidationError) as error:
        store_image(upload(image_bytes(size=(200, 200))), 2 ** 21, 64)
    assert "pixels" in error.value.fields["file"]


def test_store_image_error_uses_given_field_name(app):
    with pytest.raises(ValidationError) as error:
        store_image(upload(b"nope"), 2 ** 21, 64, field="logo")
    assert set(error.value.fields) == {"logo"}


def test_store_image_missing_file_is_refused(app):
    with pytest.raises(ValidationError):
        store_image(None, 2 ** 21, 64)


def test_delete_image_ignores_unsafe_names(app, tmp_path):
    outside = Path(app.config["UPLOAD_FOLDER"]).parent / "keep.txt"
    outside.write_text("keep")
    delete_image("../keep.txt")
    delete_image("")
    delete_image(None)
    assert outside.exists()


def test_delete_image_removes_stored_file(app):
    filename = store_image(upload(image_bytes()), 2 ** 21, 64)
    delete_image(filename)
    assert not (Path(app.config["UPLOAD_FOLDER"]) / filename).exists()
    delete_image(filename)  # already gone: no error
