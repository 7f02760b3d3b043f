"""A copied or moved checkout never makes the package write into the original one."""

from __future__ import annotations

from pathlib import Path

from analysis.core import paths
from analysis.pipeline import cli


def _checkout(root: Path) -> Path:
    (root / "src" / "analysis").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    return root


def test_a_command_run_in_another_checkout_is_refused_in_swedish(tmp_path, monkeypatch, capsys):
    copy = _checkout(tmp_path / "kopia")
    (copy / "data").mkdir()
    monkeypatch.delenv("OMS_PROJECT_ROOT", raising=False)
    monkeypatch.chdir(copy / "data")
    assert paths.foreign_checkout() == copy.resolve()
    assert cli.main(["extract", "--kontrollera"]) == 2
    err = capsys.readouterr().err
    assert str(copy.resolve()) in err and "Kör make" in err


def test_in_its_own_checkout_or_outside_any_the_command_runs(tmp_path, monkeypatch):
    monkeypatch.delenv("OMS_PROJECT_ROOT", raising=False)
    monkeypatch.chdir(paths.ROOT / "report")
    assert paths.foreign_checkout() is None
    monkeypatch.chdir(tmp_path)  # not a checkout at all: the package's own is used
    assert paths.foreign_checkout() is None


def test_an_explicit_project_root_is_the_users_choice(tmp_path, monkeypatch):
    copy = _checkout(tmp_path / "kopia")
    monkeypatch.chdir(copy)
    monkeypatch.setenv("OMS_PROJECT_ROOT", str(paths.ROOT))
    assert paths.foreign_checkout() is None


def test_a_report_folder_that_cannot_be_written_is_refused_before_any_chapter_runs(tmp_path, monkeypatch, capsys):
    import tempfile

    from analysis.pipeline import report

    ran = []
    monkeypatch.setattr(report, "build_preview", lambda *a, **k: ran.append(1))
    monkeypatch.setattr(report, "render_quarto", lambda *a, **k: ran.append(1) or 0)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    args = type("Args", (), {"param": None, "preview": True, "output_dir": tmp_path / "ut"})()
    assert report.run(args) == 1
    assert not ran
    err = capsys.readouterr().err
    assert "Rapporten kan inte skrivas" in err and "Permission denied" in err
    monkeypatch.undo()
    assert report.unwritable(tmp_path / "ny" / "mapp") is None  # a folder still to be made: its parent counts
