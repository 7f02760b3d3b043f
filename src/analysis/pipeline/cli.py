"""Command line: ``python -m analysis <command>`` (or the ``oms-analysis`` script).

Each command lives in the module that owns the work; this file only dispatches, so that
``python -m analysis --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# command -> (module, function, Swedish help). The function takes the parsed args.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": ("analysis.pipeline.extract", "run", "Läs ut och kontrollera budgettabellerna ur beslutsdokumenten"),
    "refresh": ("analysis.pipeline.refresh", "run", "Hämta nyare tabeller (folkmängd, BRP, KPI) från SCB:s öppna API"),
    "report": ("analysis.pipeline.report", "run", "Bygg rapporten (med Quarto om det finns, annars en HTML-förhandsversion)"),
    "bedomningsmall": ("analysis.pipeline.assessment_form", "run", "Skriv (eller kontrollera) självvärderingens bedömningsformulär (Excel) i data/assessment/"),
    "arbetsbok": ("analysis.pipeline.workbook_build", "run", "Skriv rapportens tabeller till en Excel-arbetsbok (en flik per tabell, med källor och årgångar)"),
    "utge": ("analysis.pipeline.issue", "run", "Ge ut rapporten till ett möte: spara en post över vad den sade i data/issued/ (--mote ÅÅÅÅ-MM-DD --av NAMN)"),
    "notebooks": ("analysis.pipeline.notebooks_runner", "run", "Kör om notebooks och spara deras utdata (det som nbval jämför)"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Självvärdering och spegling för Östra Mellansverige: budgetar, indikatorer, rapport.")
    sub = parser.add_subparsers(dest="command", required=True)
    # Only the chosen command's module is imported: help stays fast, and one command's
    # missing optional dependency cannot break the others.
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, func, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        if name == chosen:
            adder = getattr(importlib.import_module(module), "add_arguments", None)
            if adder is not None:
                adder(p)
    args = parser.parse_args(argv)
    from ..core import paths

    other = paths.foreign_checkout()
    if other is not None:
        print(f"Fel: du står i {other}, men paketet analysis kommer från "
              f"{paths.checkout_containing(Path(paths.__file__))}. Miljön "
              f"(.venv) hör till en annan kopia av projektet, och kommandot skulle läsa och skriva "
              f"där. Kör make i {other} (det bygger om miljön), eller använd den kopians egen "
              f".venv/bin/python.", file=sys.stderr)
        return 2
    module, func, _ = COMMANDS[args.command]
    return int(getattr(importlib.import_module(module), func)(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
