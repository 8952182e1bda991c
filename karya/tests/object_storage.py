"""Uploaded files kept in S3-compatible object storage during a test: an in-process fake of
S3 (moto), a private bucket, and Karya's default storage configured for it exactly as the
settings do from KARYA_MEDIA_S3_* (karya.settings.media_storage). No tests here."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.test import override_settings

REGION = "ap-southeast-3"  # Jakarta
ENVIRONMENT = {
    "KARYA_MEDIA_S3_BUCKET": "karya-media",
    "KARYA_MEDIA_S3_REGION": REGION,
    "KARYA_MEDIA_S3_ACCESS_KEY": "testing",
    "KARYA_MEDIA_S3_SECRET_KEY": "testing",
    "KARYA_MEDIA_S3_PREFIX": "karya",
}


@dataclass
class Bucket:
    client: object
    name: str

    def names(self) -> list[str]:
        """The keys of every object stored."""
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@contextmanager
def media_in_bucket():
    """Inside, every upload goes to (and is read from) the bucket, never MEDIA_ROOT."""
    import boto3
    from moto import mock_aws

    from karya.settings import media_storage

    with mock_aws():
        client = boto3.client(
            "s3",
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        name = ENVIRONMENT["KARYA_MEDIA_S3_BUCKET"]
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        storages = {**settings.STORAGES, "default": media_storage(ENVIRONMENT)}
        with override_settings(STORAGES=storages):
            yield Bucket(client, name)
