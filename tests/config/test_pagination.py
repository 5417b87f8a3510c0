"""A list page's page of rows (config.pagination.page_of): Paginator.get_page's pages,
counting only when another page follows."""

import pytest
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator

from config.pagination import page_of

ROWS = list(range(1, 53))  # 52 rows: pages of 25, 25 and 2


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "x", "2.0"])
def test_it_gives_the_page_get_page_gives(number):
    expected = Paginator(ROWS, 25).get_page(number)

    page = page_of(ROWS, number, 25)

    assert list(page.object_list) == list(expected.object_list)
    assert page.number == expected.number
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert page.has_next() == expected.has_next()


def test_it_gives_an_empty_first_page_for_no_rows():
    page = page_of([], "1", 25)

    assert list(page.object_list) == []
    assert page.paginator.count == 0
    assert not page.has_other_pages()


@pytest.fixture
def users(db):
    User = get_user_model()
    User.objects.bulk_create(User(username=f"pengguna{i}") for i in range(30))
    return User.objects.order_by("username")


def test_it_does_not_count_a_list_that_fits_on_one_page(users, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_of(users, None, 50)
        assert page.paginator.num_pages == 1

    assert page.paginator.count == 30


def test_it_does_not_count_on_the_last_page(users, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_of(users, "2", 25)
        assert not page.has_next()

    assert len(page.object_list) == 5
    assert page.paginator.count == 30


def test_it_counts_when_another_page_follows(users, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = page_of(users, "1", 25)
        assert page.paginator.num_pages == 2

    assert len(page.object_list) == 25
