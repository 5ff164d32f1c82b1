"""Images made in the tests: valid, rotated, incompressible and decompression bombs."""

from __future__ import annotations

import io
import os
import struct
import zlib


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (300, 200), color=(200, 30, 30),
                **save_options) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def noise_png(width: int, height: int) -> bytes:
    """A valid PNG that barely compresses: about width × height × 3 bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
        buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def two_colour_jpeg_rotated() -> bytes:
    """200×100, red left half and blue right half, EXIF orientation 6 (turn 90° clockwise)."""
    from PIL import Image

    image = Image.new("RGB", (200, 100), (255, 0, 0))
    image.paste((0, 0, 255), (100, 0, 200, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size while the file is tiny (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))
