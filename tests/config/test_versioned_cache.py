"""Entries kept under a version that committed writes replace (config.versioned_cache)."""

import pytest
from django.db import transaction

from config.versioned_cache import VersionedCache

pytestmark = pytest.mark.django_db


def _counting_reader():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    return reads, read


def test_it_serves_an_entry_from_the_cache_until_the_version_is_replaced():
    kept = VersionedCache("test-kept", seconds=60)
    reads, read = _counting_reader()

    first, second = kept.get("x", read), kept.get("x", read)
    kept.replace()
    third = kept.get("x", read)

    assert (first, second, third) == (1, 1, 2)


def test_it_replaces_the_version_only_when_the_write_commits(django_capture_on_commit_callbacks):
    kept = VersionedCache("test-commit", seconds=60)
    before = kept.version()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept.replace_on_commit()
        during = kept.version()

    assert during == before
    assert kept.version() != before
