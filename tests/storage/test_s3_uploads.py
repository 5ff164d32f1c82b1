"""Avatars with STORAGE_URL=s3://…: stored in the bucket, served by the app with our headers,
and a replaced avatar is removed from the bucket once the change is committed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from community.extensions import db
from community.storage import S3Storage, check_storage
from tests.profiles.helpers import image_bytes
from tests.storage.conftest import bucket_keys


@pytest.fixture
def config_overrides(bucket, s3_endpoint) -> dict:
    return {"STORAGE_URL": f"s3://{bucket}/uploads", "AWS_ENDPOINT_URL": s3_endpoint}


def upload(api):
    return api.client.put("/api/v1/me/avatar", headers=api.headers(),
                          data={"file": (io.BytesIO(image_bytes()), "a.png", "image/png")},
                          content_type="multipart/form-data")


def test_app_uses_s3_storage_when_storage_url_is_s3(app, bucket):
    assert isinstance(app.extensions["storage"], S3Storage)
    assert app.extensions["storage"].bucket == bucket


def test_avatar_goes_to_the_bucket_not_the_folder(app, api_as, member, bucket, s3_endpoint):
    upload(api_as(member))
    assert bucket_keys(s3_endpoint, bucket) == [f"uploads/{member.avatar_filename}"]
    assert list(Path(app.config["UPLOAD_FOLDER"]).glob("*.*")) == []


def test_avatar_from_the_bucket_is_served_with_upload_headers(app, client, api_as, member):
    url = upload(api_as(member)).get_json()["avatar_url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == f"image/{url.rsplit('.', 1)[1]}"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]


def test_unknown_name_in_the_bucket_is_404(client):
    assert client.get(f"/uploads/{'0' * 32}.webp").status_code == 404


def test_replaced_avatar_leaves_the_bucket_after_commit(app, api_as, member, bucket,
                                                         s3_endpoint):
    api = api_as(member)
    upload(api)
    upload(api)
    db.session.refresh(member)
    assert bucket_keys(s3_endpoint, bucket) == [f"uploads/{member.avatar_filename}"]


def test_upload_of_a_rolled_back_action_leaves_the_bucket(app, member, bucket, s3_endpoint):
    from werkzeug.datastructures import FileStorage

    from community.profiles.services import update_avatar

    update_avatar(member, member, FileStorage(io.BytesIO(image_bytes()), "a.png"))
    db.session.rollback()
    assert bucket_keys(s3_endpoint, bucket) == []


def test_check_storage_raises_when_the_bucket_is_gone(app, bucket, s3_endpoint):
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint).delete_bucket(Bucket=bucket)
    with pytest.raises(RuntimeError):
        check_storage()
