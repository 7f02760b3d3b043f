"""The command line names every command where a reader sees it, and speaks Swedish."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.pipeline import cli


def test_every_command_is_a_plain_import_of_a_pipeline_module():
    # No importlib: the command list can be read (by people and by tools) from the source.
    source = Path(cli.__file__).read_text(encoding="utf-8")
    assert "importlib" not in source
    for name, command in cli.COMMANDS.items():
        module = command.module()
        assert module.__name__.startswith("analysis.pipeline."), name
        assert callable(module.run), name
    imported = {n.names[0].name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)
                and n.level == 1}
    assert {c.module().__name__.rsplit(".", 1)[1] for c in cli.COMMANDS.values()} <= imported


@pytest.mark.parametrize("argv, expected", [
    (["nosuch"], "ogiltigt val: 'nosuch' (välj bland 'extract'"),
    (["report", "--nosuch"], "fel: okända argument: --nosuch"),
    (["utge"], "fel: dessa argument måste anges: --mote, --av"),
    (["report", "--jobs", "två"], "argumentet --jobs: inte ett heltal: 'två'"),
])
def test_argument_errors_are_swedish(argv, expected, capsys):
    with pytest.raises(SystemExit) as err:
        cli.main(argv)
    assert err.value.code == 2
    out = capsys.readouterr().err
    assert expected in out and "användning:" in out
    assert "usage" not in out and "error" not in out
