"""Both storage backends behave alike: local folder and S3 (against the moto server)."""

from __future__ import annotations

import pytest

from community.storage import (
    LocalStorage,
    S3Storage,
    StorageUnavailable,
    storage_from_config,
)
from tests.chat.test_scale import free_port
from tests.storage.conftest import bucket_keys

NAME = "0123456789abcdef0123456789abcdef.webp"


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    bucket = request.getfixturevalue("bucket")
    return S3Storage(bucket, "uploads", request.getfixturevalue("s3_endpoint"))


def test_saved_bytes_read_back(store):
    store.save(NAME, b"image bytes", "image/webp")
    assert store.read(NAME) == b"image bytes"


def test_exists_until_deleted(store):
    store.save(NAME, b"x", "image/webp")
    assert store.exists(NAME)
    store.delete(NAME)
    assert not store.exists(NAME)


def test_deleting_a_missing_name_is_quiet(store):
    store.delete(NAME)
    assert not store.exists(NAME)


def test_reading_a_missing_name_raises_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.read(NAME)


@pytest.mark.parametrize("name", ["../secret_key", "..%2Fx.png", ".htaccess", "abc.png",
                                  "0123456789abcdef0123456789abcdef.html", f"x/{NAME}"])
def test_names_we_do_not_generate_are_refused(store, name):
    with pytest.raises(FileNotFoundError):
        store.save(name, b"x", "image/png")
    assert not store.exists(name)


def test_check_passes_when_reachable(store):
    store.check()


def test_local_check_raises_when_folder_is_gone(tmp_path):
    store = LocalStorage(tmp_path / "uploads")
    (tmp_path / "uploads").rmdir()
    with pytest.raises(StorageUnavailable):
        store.check()


def test_s3_check_raises_for_a_missing_bucket(s3_endpoint, s3_env):
    with pytest.raises(StorageUnavailable):
        S3Storage("no-such-bucket", "", s3_endpoint).check()


def test_s3_check_raises_when_the_service_is_down(s3_env):
    with pytest.raises(StorageUnavailable):
        S3Storage("any", "", f"http://127.0.0.1:{free_port()}").check()


def test_s3_keys_are_under_the_prefix(bucket, s3_endpoint):
    S3Storage(bucket, "/site/uploads/", s3_endpoint).save(NAME, b"x", "image/webp")
    assert bucket_keys(s3_endpoint, bucket) == [f"site/uploads/{NAME}"]


def test_s3_objects_keep_their_content_type(bucket, s3_endpoint):
    store = S3Storage(bucket, "", s3_endpoint)
    store.save(NAME, b"x", "image/webp")
    head = store.client.head_object(Bucket=bucket, Key=NAME)
    assert head["ContentType"] == "image/webp"


def test_unset_storage_url_means_the_upload_folder(tmp_path):
    store = storage_from_config({"STORAGE_URL": None, "UPLOAD_FOLDER": str(tmp_path / "up")})
    assert isinstance(store, LocalStorage) and store.folder == tmp_path / "up"


def test_s3_storage_url_gives_bucket_and_prefix(s3_env):
    store = storage_from_config({"STORAGE_URL": "s3://media/community/uploads",
                                 "AWS_ENDPOINT_URL": s3_env["AWS_ENDPOINT_URL"]})
    assert (store.bucket, store.prefix) == ("media", "community/uploads/")


@pytest.mark.parametrize("url", ["file:///tmp/x", "s3://", "https://bucket.example/x"])
def test_other_storage_urls_are_refused(url):
    with pytest.raises(RuntimeError, match="STORAGE_URL"):
        storage_from_config({"STORAGE_URL": url, "UPLOAD_FOLDER": "/tmp"})


def test_s3_read_when_the_service_is_down_is_unavailable_not_a_crash(s3_env):
    with pytest.raises(StorageUnavailable):
        S3Storage("any", "", f"http://127.0.0.1:{free_port()}").read(NAME)
