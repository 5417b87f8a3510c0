"""`make help` is read from the Makefile's own `## ` comments: every target has one."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _targets() -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    return re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE)


def test_it_lists_every_target_in_make_help():
    help_text = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = re.findall(r"^  make (\S+)", help_text, flags=re.MULTILINE)

    assert len(_targets()) > 5  # the Makefile was read
    assert sorted(listed) == sorted(_targets())
