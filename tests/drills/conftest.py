import pytest


@pytest.fixture
def say(capsys, request):
    """Prints a line of the drill's account, whatever pytest's capture setting."""

    def _say(message: str) -> None:
        with capsys.disabled():
            print(f"\n  [{request.node.name}] {message}", end="")

    return _say
