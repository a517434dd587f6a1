"""``python -m replay --help`` documents the server."""

from __future__ import annotations

import pytest

from replay.__main__ import main


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for flag in ("--port", "--seed", "--token", "--rate-limit", "--open-meteo-limit"):
        assert flag in out
    assert "127.0.0.1" in out
