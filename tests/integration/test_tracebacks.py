"""A chapter or notebook that raises: the runners print the Swedish message first, then the
chapter and exact .qmd line (or the notebook and cell), without ANSI colour codes; the full
traceback only in a log file, or on the screen with --traceback."""

from __future__ import annotations

import argparse

import nbformat
import pytest

from analysis.pipeline import kernels, notebooks_runner, report

pytestmark = pytest.mark.integration

CHAPTER = '''---
title: "Ett kapitel som fallerar"
---

Inledning.

```{python}
#| label: setup
#| echo: false

from analysis.core.errors import DataError


def read_budget():
    raise DataError("budget.csv", 4, "beloppet saknas för 2023")
x = 1
read_budget()
```

Text efter.
'''


def _chapter(tmp_path, text):
    path = tmp_path / "kapitel.qmd"
    path.write_text(text, encoding="utf-8")
    return path


def _failure(path) -> report.ChapterError:
    with pytest.raises(report.ChapterError) as err:
        report.execute_chapter(path)
    return err.value


def test_a_data_error_comes_first_with_the_chapter_and_exact_line(tmp_path):
    err = _failure(_chapter(tmp_path, CHAPTER))
    # line 17 of the .qmd is the call that failed; the cell's fence is on line 7
    assert str(err) == ("budget.csv, rad 4: beloppet saknas för 2023\n"
                        "  Var: kapitel.qmd, rad 17 (i kodcellen som börjar på rad 7)")
    assert "\x1b" not in err.traceback and "\x1b" not in str(err)
    assert "read_budget()" in err.traceback and "DataError" in err.traceback


def test_an_unexpected_error_is_named_as_one(tmp_path):
    text = CHAPTER.replace("read_budget()\n```", "1 / 0\n```")
    err = _failure(_chapter(tmp_path, text))
    assert str(err) == ("Oväntat fel i koden (ZeroDivisionError): division by zero\n"
                        "  Var: kapitel.qmd, rad 17 (i kodcellen som börjar på rad 7)")


def test_a_failing_inline_expression_names_its_paragraph(tmp_path):
    text = CHAPTER.replace("read_budget()\n```", "```").replace(
        "Text efter.", "Summan är `{python} read_budget()` kronor.")
    err = _failure(_chapter(tmp_path, text))
    assert str(err) == ("budget.csv, rad 4: beloppet saknas för 2023\n"
                        "  Var: kapitel.qmd, rad 19 (ett inline-uttryck)")
    text = text.replace("kronor.", "kronor,\noch `{python} x` till.")
    err = _failure(_chapter(tmp_path, text))
    assert str(err).endswith("  Var: kapitel.qmd, rad 19 (ett av inline-uttrycken i stycket som "
                             "börjar där)")


def test_the_report_command_prints_the_message_and_keeps_the_traceback_in_a_log(
        tmp_path, monkeypatch, capsys):
    err = _failure(_chapter(tmp_path, CHAPTER))
    log = tmp_path / "fel.log"
    monkeypatch.setattr(report, "ERROR_LOG", log)
    monkeypatch.setattr(report, "find_quarto", lambda: None)

    def failing(*args, **kwargs):
        raise err

    monkeypatch.setattr(report, "build_preview", failing)
    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert report.run(parser.parse_args([])) == 1
    printed = capsys.readouterr().err
    assert printed.startswith("Fel: budget.csv, rad 4: beloppet saknas för 2023\n"
                              "  Var: kapitel.qmd, rad 17")
    assert f"Hela felutskriften (traceback) finns i {log}; visa den här med --traceback." in printed
    assert "Traceback" not in printed and "read_budget()" not in printed and "\x1b" not in printed
    assert "read_budget()" in log.read_text(encoding="utf-8")

    assert report.run(parser.parse_args(["--traceback"])) == 1
    printed = capsys.readouterr().err
    assert printed.startswith("Fel: budget.csv, rad 4") and "read_budget()" in printed
    assert "\x1b" not in printed


def test_the_notebook_runner_names_the_notebook_and_cell(tmp_path, monkeypatch, capsys):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Rubrik"),
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("from analysis.core.errors import ParameterError\n"
                                          "raise ParameterError('Okänd region 99.')")]
    path = tmp_path / "bok.ipynb"
    nbformat.write(nb, path)
    before = path.read_bytes()
    log = tmp_path / "fel.log"
    monkeypatch.setattr(notebooks_runner, "ERROR_LOG", log)
    parser = argparse.ArgumentParser()
    notebooks_runner.add_arguments(parser)
    assert notebooks_runner.run(parser.parse_args([str(path)])) == 1
    printed = capsys.readouterr().err
    assert printed.startswith("Fel: Okänd region 99.\n  Var: bok.ipynb, kodcell 2 av 2 "
                              "(from analysis.core.errors import ParameterError)\n")
    assert "\x1b" not in printed and "Traceback" not in printed
    assert "ParameterError" in log.read_text(encoding="utf-8")
    assert path.read_bytes() == before  # a failed notebook is not saved


def test_ansi_codes_are_stripped():
    assert kernels.strip_ansi("\x1b[0;31mValueError\x1b[0m: x\x1b[1;32m!\x1b[39m") == "ValueError: x!"
