"""Images made in the tests, and clusters made straight in the database."""

from __future__ import annotations

import io
import os
import struct
import zlib

from community.extensions import db
from community.models import Cluster, Membership, User, utcnow


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


def make_cluster(slug: str, name: str | None = None, status: str = "approved",
                 country: str = "MA") -> Cluster:
    cluster = Cluster(slug=slug, name=name or slug.title(), country=country,
                      shore="south", status=status)
    db.session.add(cluster)
    db.session.commit()
    return cluster


def join(user: User, cluster: Cluster, role: str = "member", state: str = "active") -> None:
    db.session.add(Membership(user=user, cluster=cluster, role=role, state=state,
                              since=utcnow() if state == "active" else None))
    db.session.commit()


def bulk_users(prefix: str, start: int, stop: int, cluster: Cluster | None = None,
               country: str = "MA", **tags: list[str]) -> None:
    """Many members in one commit (no password hashing: they never sign in), with optional
    `language=[...]`, `expertise=[...]` tags and an active membership of `cluster`."""
    for i in range(start, stop):
        user = User(username=f"{prefix}{i:03d}", email=f"{prefix}{i:03d}@example.org",
                    password_hash="!", display_name=f"{prefix.title()} {i:03d}",
                    country=country, email_confirmed_at=utcnow())
        for kind, values in tags.items():
            user.set_tags(kind, values)
        db.session.add(user)
        if cluster is not None:
            db.session.add(Membership(user=user, cluster=cluster, state="active",
                                      since=utcnow()))
    db.session.commit()


def quick_user(username: str, display_name: str, country: str = "MA") -> User:
    """A confirmed member who never signs in (no password hashing, to keep tests fast)."""
    user = User(username=username, email=f"{username}@example.org", password_hash="!",
                display_name=display_name, country=country, email_confirmed_at=utcnow())
    db.session.add(user)
    db.session.commit()
    return user
