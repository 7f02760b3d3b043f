"""The command line dispatches to the module that owns each command."""

import subprocess
import sys

import pytest

from analysis.pipeline import cli


def test_help_lists_every_command_in_swedish():
    out = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True,
                         text=True, check=True).stdout
    for name in cli.COMMANDS:
        assert name in out
    assert "Läs ut och kontrollera budgettabellerna" in out


def test_only_the_chosen_command_module_is_imported():
    code = ("import sys; from analysis.pipeline import cli\n"
            "try:\n    cli.main(['extract', '--help'])\nexcept SystemExit:\n    pass\n"
            "print('analysis.pipeline.report' in sys.modules, 'analysis.sources.scb' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_unknown_command_is_refused():
    with pytest.raises(SystemExit) as err:
        cli.main(["nosuch"])
    assert err.value.code == 2


def test_arbetsbok_writes_every_report_table_with_numbers(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "oms-tabeller.xlsx"
    assert cli.main(["arbetsbok", "--ut", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Innehåll" and wb.sheetnames[-1] == "Källor och årgångar"
    assert len(wb.sheetnames) >= 40  # every table and figure of the nine chapters
    # the budget per year (the first chapter after the brief): kronor as numbers
    ws = next(wb[n] for n in wb.sheetnames[1:]
              if wb[n]["A1"].value == "Data bakom diagrammet: Budget per år enligt besluten")
    assert [ws["A2"].value, ws["A3"].value, ws["A4"].value] == ["Kapitel", "Enhet", "Källa"]
    column = [c.value for c in ws[7]].index("Budget (kr)") + 1
    values = [ws.cell(row=r, column=column) for r in range(8, ws.max_row + 1)]
    assert values and all(c.data_type == "n" and c.value > 0 for c in values)
    assert {c.number_format for c in values} == {"#,##0"}  # thousands, as numbers
