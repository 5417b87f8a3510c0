"""Fixtures of the meetings tests: media in a throwaway folder, the shared rakor."""

import pytest

from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    InvitationFactory,
)
from tests.worlds import rakor


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded attachments go to a throwaway folder, never the worktree's var/media.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def meeting(world):
    """A rakor shared with KPU and Kodim, with an internal agenda item and decision."""
    meeting = rakor(world)
    InvitationFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    InvitationFactory(meeting=meeting, agency=world.partners["Kodim 0305/Pasaman"])
    AgendaItemFactory(meeting=meeting, order=1, title="Pembukaan", duration_minutes=15)
    AgendaItemFactory(
        meeting=meeting, order=2, title="Kerawanan internal", duration_minutes=30, is_internal=True
    )
    AgendaItemFactory(meeting=meeting, order=3, title="Paparan Ketua KPU", duration_minutes=20)
    DecisionFactory(meeting=meeting, text="Patroli gabungan tiap malam")
    DecisionFactory(meeting=meeting, text="Data intelijen rahasia", is_internal=True)
    ActionItemFactory(
        meeting=meeting, text="Sosialisasi TPS", owner_agency=world.partners["KPU Pasaman Barat"]
    )
    ActionItemFactory(
        meeting=meeting, text="Patroli Kodim", owner_agency=world.partners["Kodim 0305/Pasaman"]
    )
    return meeting
