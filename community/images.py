"""Uploaded images (avatars, cluster logos): checked by content, limited in bytes and pixels,
EXIF-rotated, resized and re-encoded under a generated name, so no uploaded byte is served."""

from __future__ import annotations

import secrets
import warnings
from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, features
from werkzeug.datastructures import FileStorage

from community.errors import ValidationError
from community.storage import content_type, storage, valid_name

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")
# Phones save photos as MPO: a JPEG with extra frames, opened by Pillow's JPEG plugin.
DECODED_FORMATS = (*ACCEPTED_FORMATS, "MPO")


def _refuse(message: str, field: str) -> ValidationError:
    return ValidationError(message, {field: message})


def _read_limited(file_storage: FileStorage | None, max_bytes: int, field: str) -> bytes:
    """The upload's bytes; refused when missing, empty or larger than `max_bytes`."""
    if file_storage is None or not isinstance(file_storage, FileStorage):
        raise _refuse(_("Choose an image file to upload."), field)
    data = file_storage.stream.read(max_bytes + 1)
    if not data:
        raise _refuse(_("The file is empty."), field)
    if len(data) > max_bytes:
        raise _refuse(_("The image is larger than %(mib)s MiB.",
                        mib=f"{max_bytes / (1024 * 1024):g}"), field)
    return data


def _decode(data: bytes, max_pixels: int, field: str, size: int) -> Image.Image:
    """Open, verify and fully decode the image; anything but sane PNG, JPEG or WebP is refused."""
    not_an_image = _("Upload a PNG, JPEG or WebP image.")
    too_many_pixels = _("The image has too many pixels.")
    # Pillow reads this global when it opens a file and warns (here: raises) above it. The
    # warnings filter is process-wide, so the explicit size check below is what we rely on.
    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                if probe.format not in DECODED_FORMATS:
                    raise _refuse(not_an_image, field)
                if probe.width * probe.height > max_pixels:
                    raise _refuse(too_many_pixels, field)
                probe.verify()
            image = Image.open(BytesIO(data), formats=ACCEPTED_FORMATS)
            image.seek(0)  # the first frame of an animated WebP or PNG
            if image.format in ("JPEG", "MPO"):
                image.draft(None, (size, size))  # let libjpeg downscale big photos while decoding
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _refuse(too_many_pixels, field) from error
        except Exception as error:  # Pillow raises many types on corrupt data
            raise _refuse(not_an_image, field) from error
    return image


def _square(image: Image.Image, size: int, square: bool) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if square:
        return ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    return image


def output_format() -> tuple[str, str]:
    """WebP where Pillow was built with it, PNG otherwise."""
    return ("WEBP", "webp") if features.check("webp") else ("PNG", "png")


def store_image(file_storage: FileStorage | None, max_bytes: int, size: int = 256, *,
                square: bool = True, field: str = "file") -> str:
    """Check, resize (cropped square by default) and re-encode an uploaded image into the
    storage under a random name, which is returned. Raises `ValidationError` (422)."""
    data = _read_limited(file_storage, max_bytes, field)
    image = _decode(data, current_app.config["AVATAR_MAX_PIXELS"], field, size)
    try:
        result = _square(image, size, square)
    finally:
        image.close()
    fmt, extension = output_format()
    filename = f"{secrets.token_hex(16)}.{extension}"
    options = {"quality": 85, "method": 4} if fmt == "WEBP" else {"optimize": True}
    encoded = BytesIO()
    result.save(encoded, fmt, **options)
    storage().save(filename, encoded.getvalue(), content_type(filename))
    return filename


def delete_image(filename: str | None) -> None:
    """Remove a stored image; unknown or unsafe names are ignored."""
    if valid_name(filename):
        storage().delete(filename)
