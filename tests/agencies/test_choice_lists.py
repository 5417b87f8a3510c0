"""The choice lists' version: replaced by a committed write, kept otherwise."""

import pytest

from agencies.choice_lists import cached_list, current_version, replace_version

pytestmark = pytest.mark.django_db


def test_it_keeps_the_version_while_nothing_is_written():
    assert current_version() == current_version()


def test_it_replaces_the_version_when_a_write_commits(django_capture_on_commit_callbacks):
    before = current_version()

    with django_capture_on_commit_callbacks(execute=True):
        replace_version()

    assert current_version() != before


def test_it_serves_a_list_from_the_cache_until_a_write_replaces_the_version(
    django_capture_on_commit_callbacks,
):
    reads = []

    def read():
        reads.append(1)
        return [len(reads)]

    first, again = cached_list("test", read), cached_list("test", read)
    with django_capture_on_commit_callbacks(execute=True):
        replace_version()

    assert (first, again, cached_list("test", read)) == ([1], [1], [2])
