"""Where uploaded files live: the local UPLOAD_FOLDER, or an S3-compatible bucket shared by
every web process (STORAGE_URL=s3://BUCKET/PREFIX). The only module that touches stored files."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from flask import Flask, current_app

# The names images.py generates: 32 random hex digits and the encoded format. Anything else is
# refused before it reaches a disk path or an S3 key, so no traversal and no foreign object.
NAME_PATTERN = re.compile(r"[0-9a-f]{32}\.(?:webp|png)")
CONTENT_TYPES = {"webp": "image/webp", "png": "image/png"}


# What a bucket answers for a key it does not hold: 404 with ListBucket, 403 without it.
MISSING_CODES = {"NoSuchKey", "404", "AccessDenied", "403"}

class StorageUnavailable(RuntimeError):
    """The storage cannot be written or reached (raised by `check_storage`, for /readyz)."""


def valid_name(name: str | None) -> bool:
    """True for a name we could have generated; the only names storage accepts."""
    return bool(name) and NAME_PATTERN.fullmatch(name) is not None


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]


def _checked(name: str) -> str:
    if not valid_name(name):
        raise FileNotFoundError(name)
    return name


class Storage(Protocol):
    def save(self, name: str, data: bytes, content_type: str) -> None: ...
    def read(self, name: str) -> bytes: ...
    def exists(self, name: str) -> bool: ...
    def delete(self, name: str) -> None: ...
    def check(self) -> None: ...


class LocalStorage:
    """Files in one folder of this machine: enough for one server, or a shared volume."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def save(self, name: str, data: bytes, content_type: str) -> None:
        """Written to a temporary file then renamed, so a reader never sees half a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / _checked(name))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes:
        return (self.folder / _checked(name)).read_bytes()

    def exists(self, name: str) -> bool:
        return valid_name(name) and (self.folder / name).is_file()

    def delete(self, name: str) -> None:
        if valid_name(name):
            (self.folder / name).unlink(missing_ok=True)

    def check(self) -> None:
        if not self.folder.is_dir() or not os.access(self.folder, os.W_OK):
            raise StorageUnavailable(f"upload folder {self.folder} is not writable")


class S3Storage:
    """Objects in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph) under a key prefix.
    Credentials and region come from boto3's usual chain (AWS_* variables, profiles, roles)."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None) -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # Short timeouts and few retries: a page or /readyz must not hang on a dead service.
        # Path-style addressing for custom endpoints, which rarely have wildcard DNS.
        options = BotoConfig(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2},
                             s3={"addressing_style": "path" if endpoint_url else "auto"})
        self.client = boto3.session.Session().client("s3", endpoint_url=endpoint_url,
                                                     config=options)

    def _key(self, name: str) -> str:
        return self.prefix + _checked(name)

    def save(self, name: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data,
                               ContentType=content_type)

    def read(self, name: str) -> bytes:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(name))
            return answer["Body"].read()
        except ClientError as error:  # NoSuchKey, or AccessDenied without ListBucket
            if error.response.get("Error", {}).get("Code") in MISSING_CODES:
                raise FileNotFoundError(name) from error
            raise StorageUnavailable(str(error)) from error
        except BotoCoreError as error:
            raise StorageUnavailable(str(error)) from error

    def exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        if not valid_name(name):
            return False
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return False
            raise
        return True

    def delete(self, name: str) -> None:
        """Deleting a missing key succeeds on S3, as `unlink(missing_ok=True)` does locally."""
        if valid_name(name):
            self.client.delete_object(Bucket=self.bucket, Key=self._key(name))

    def check(self) -> None:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except Exception as error:  # botocore raises connection, auth and client errors
            raise StorageUnavailable(f"bucket {self.bucket} is not reachable: {error}") from error


def storage_from_config(config: dict) -> Storage:
    """The storage STORAGE_URL names: unset for UPLOAD_FOLDER, `s3://BUCKET/PREFIX` for S3."""
    url = config.get("STORAGE_URL")
    if not url:
        return LocalStorage(config["UPLOAD_FOLDER"])
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise RuntimeError(f"STORAGE_URL must be unset or s3://BUCKET/PREFIX, not {url!r}")
    return S3Storage(parts.netloc, parts.path, config.get("AWS_ENDPOINT_URL"))


def register_storage(app: Flask) -> None:
    app.extensions["storage"] = storage_from_config(app.config)


def storage() -> Storage:
    """The current app's storage."""
    return current_app.extensions["storage"]


def check_storage() -> None:
    """Raise `StorageUnavailable` when uploads could not be stored (used by /readyz)."""
    storage().check()
