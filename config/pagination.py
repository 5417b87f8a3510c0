"""A list page's page of rows without a COUNT when the rows themselves tell the total."""

from django.core.paginator import Page, Paginator


def page_of(object_list, number: str | None, per_page: int) -> Page:
    """``Paginator(object_list, per_page).get_page(number)``, reading one row more than a
    page: on a page that is not followed by another (every short list, the last page of a
    long one) the total is known from the rows, and the list's COUNT is not run. A page
    followed by another still counts, for "Halaman n dari m". A number that is not a plain
    positive integer takes ``get_page``'s own path (first or last page)."""
    paginator = Paginator(object_list, per_page)
    if number in (None, ""):
        number = "1"
    if not (isinstance(number, str) and number.isdigit() and int(number) >= 1):
        return paginator.get_page(number)
    index = int(number)
    bottom = (index - 1) * per_page
    rows = list(object_list[bottom : bottom + per_page + 1])
    if not rows and index > 1:
        return paginator.get_page(index)  # past the end: the last page, as get_page does
    if len(rows) <= per_page:
        # Paginator.count is a cached property: the rows have answered it.
        paginator.__dict__["count"] = bottom + len(rows)
    return Page(rows[:per_page], index, paginator)
