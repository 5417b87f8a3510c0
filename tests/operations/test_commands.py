import pytest
from django.core.management import CommandError, call_command

from tests.pdf import pdf_text
from tests.worlds import CATEGORY_SPLIT, build_world

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_readiness_pdf(tmp_path):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=1)
    output = tmp_path / "laporan.pdf"

    call_command(
        "readiness_report",
        operation=world.operation.slug,
        unit=world.polres.slug,
        output=str(output),
    )

    assert "KEPOLISIAN RESOR PASAMAN BARAT" in pdf_text(output.read_bytes())


def test_the_command_names_an_unknown_unit(tmp_path):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0)

    with pytest.raises(CommandError, match="Satuan Polri dengan slug 'tidak-ada'"):
        call_command(
            "readiness_report",
            operation=world.operation.slug,
            unit="tidak-ada",
            output=str(tmp_path / "x.pdf"),
        )
