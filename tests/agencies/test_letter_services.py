import datetime
import threading

import pytest
from django.db import connection

from agencies.letters.services import issue_number
from agencies.models import Classification, IssuedNumber
from tests.factories import AgencyFactory, MeetingFactory, OperationFactory

from .factories import LetterRegisterFactory, sumbar_units

# 30 November 2026, 10.00 WIB.
NOV_30 = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def polres(db):
    units = sumbar_units()
    LetterRegisterFactory(unit=units.polres, archive_code="KKA", section="Bag Ops")
    return units.polres


def test_it_builds_the_nomor_from_the_register(polres):
    issued = issue_number(
        unit=polres, document=MeetingFactory(host=polres), kind="undangan", now=NOV_30
    )

    assert issued.reference == "B/1/XI/KKA/2026/Bag Ops"
    assert issued.issued_on == datetime.date(2026, 11, 30)


def test_it_opens_the_nomor_with_the_classification_letter(polres):
    issued = issue_number(
        unit=polres,
        document=MeetingFactory(host=polres),
        kind="plotting",
        classification=Classification.TERBATAS,
        now=NOV_30,
    )

    assert issued.reference.startswith("T/1/XI/")


def test_it_gives_the_next_number_to_the_next_document(polres):
    first = issue_number(unit=polres, document=MeetingFactory(host=polres), kind="undangan")
    second = issue_number(unit=polres, document=MeetingFactory(host=polres), kind="undangan")

    assert (first.number, second.number) == (1, 2)


def test_a_reprint_gets_the_same_number(polres):
    meeting = MeetingFactory(host=polres)
    first = issue_number(unit=polres, document=meeting, kind="undangan", now=NOV_30)

    reprint = issue_number(
        unit=polres, document=meeting, kind="undangan", now=NOV_30 + datetime.timedelta(days=40)
    )

    assert reprint.pk == first.pk
    assert reprint.reference == "B/1/XI/KKA/2026/Bag Ops"


def test_each_kind_of_document_of_a_meeting_has_its_own_number(polres):
    meeting = MeetingFactory(host=polres)

    invitation = issue_number(unit=polres, document=meeting, kind="undangan")
    minutes = issue_number(unit=polres, document=meeting, kind="notulen")

    assert invitation.number != minutes.number


def test_numbers_run_separately_per_unit(polres):
    other = AgencyFactory()

    ours = issue_number(unit=polres, document=MeetingFactory(host=polres), kind="undangan")
    theirs = issue_number(unit=other, document=MeetingFactory(host=other), kind="undangan")

    assert (ours.number, theirs.number) == (1, 1)


def test_numbering_restarts_in_a_new_year_of_the_units_own_calendar(polres):
    issue_number(unit=polres, document=MeetingFactory(host=polres), kind="undangan", now=NOV_30)
    # 31 December 2026 17.30 UTC is already 1 January 2027 00.30 WIB.
    new_year = datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC)

    issued = issue_number(
        unit=polres, document=MeetingFactory(host=polres), kind="undangan", now=new_year
    )

    assert (issued.year, issued.number) == (2027, 1)
    assert issued.reference == "B/1/I/KKA/2027/Bag Ops"


def test_a_number_is_never_reused_after_its_document_is_deleted(polres):
    deleted = MeetingFactory(host=polres)
    issue_number(unit=polres, document=deleted, kind="undangan")
    deleted.delete()

    issued = issue_number(unit=polres, document=MeetingFactory(host=polres), kind="undangan")

    assert issued.number == 2
    assert IssuedNumber.objects.filter(unit=polres, number=1).exists()


def test_a_printed_nomor_stays_when_the_register_changes_later(polres):
    meeting = MeetingFactory(host=polres)
    issue_number(unit=polres, document=meeting, kind="undangan", now=NOV_30)
    polres.letter_register.section = "Sat Intelkam"
    polres.letter_register.save()

    reprint = issue_number(unit=polres, document=meeting, kind="undangan")

    assert reprint.reference.endswith("/2026/Bag Ops")


def test_a_unit_without_a_register_numbers_without_archive_code_and_section(db):
    unit = AgencyFactory()

    issued = issue_number(
        unit=unit, document=MeetingFactory(host=unit), kind="undangan", now=NOV_30
    )

    assert issued.reference == "B/1/XI/2026"


def _in_threads(count: int, work) -> list:
    """Runs ``work`` in ``count`` threads released together; their results, or errors."""
    barrier = threading.Barrier(count)
    results: list = []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # surfaced by the caller's assertion
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_issues_never_share_or_skip_a_number():
    units = sumbar_units()
    LetterRegisterFactory(unit=units.polres)
    documents = iter([MeetingFactory(host=units.polres) for _ in range(8)])
    lock = threading.Lock()

    def issue():
        with lock:
            document = next(documents)
        return issue_number(unit=units.polres, document=document, kind="undangan").number

    numbers = _in_threads(8, issue)

    assert sorted(numbers) == list(range(1, 9))


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_prints_of_one_document_get_one_number():
    units = sumbar_units()
    meeting = MeetingFactory(host=units.polres)

    numbers = _in_threads(
        6, lambda: issue_number(unit=units.polres, document=meeting, kind="undangan").number
    )

    assert numbers == [1] * 6
    assert IssuedNumber.objects.count() == 1


def test_one_operations_plotting_lists_of_two_units_are_two_documents(polres):
    operation = OperationFactory()
    polsek = AgencyFactory(parent=polres)

    ours = issue_number(unit=polres, document=operation, kind="daftar-plotting")
    theirs = issue_number(unit=polsek, document=operation, kind="daftar-plotting")

    assert ours.pk != theirs.pk
    assert issue_number(unit=polres, document=operation, kind="daftar-plotting").pk == ours.pk
