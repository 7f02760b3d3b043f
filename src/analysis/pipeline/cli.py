"""Command line: ``python -m analysis <command>`` (or the ``oms-analysis`` script).

Every command is listed below with the module that owns it; this file only dispatches. Each
command's module is imported by a function of its own (a plain ``from . import …``, so readers
and tools see every command), and only for the command that runs: ``--help`` stays fast, and
one command's missing optional dependency cannot break the others. Messages are Swedish,
argparse's own ones included.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


def _extract() -> ModuleType:
    from . import extract
    return extract


def _refresh() -> ModuleType:
    from . import refresh
    return refresh


def _report() -> ModuleType:
    from . import report
    return report


def _assessment_form() -> ModuleType:
    from . import assessment_form
    return assessment_form


def _workbook_build() -> ModuleType:
    from . import workbook_build
    return workbook_build


def _issue() -> ModuleType:
    from . import issue
    return issue


def _notebooks() -> ModuleType:
    from . import notebooks_runner
    return notebooks_runner


@dataclass(frozen=True)
class Command:
    """A command: the function that imports its module (which has ``run(args)`` and, where it
    takes options, ``add_arguments(parser)``) and its help text in Swedish."""
    module: Callable[[], ModuleType]
    help: str


COMMANDS: dict[str, Command] = {
    "extract": Command(_extract, "Läs ut och kontrollera budgettabellerna ur beslutsdokumenten"),
    "refresh": Command(_refresh, "Hämta nyare tabeller (folkmängd, BRP, KPI) från SCB:s öppna API"),
    "report": Command(_report, "Bygg rapporten (med Quarto om det finns, annars en HTML-förhandsversion)"),
    "bedomningsmall": Command(_assessment_form, "Skriv (eller kontrollera) självvärderingens bedömningsformulär (Excel) i data/assessment/"),
    "arbetsbok": Command(_workbook_build, "Skriv rapportens tabeller till en Excel-arbetsbok (en flik per tabell, med källor och årgångar)"),
    "utge": Command(_issue, "Ge ut rapporten till ett möte: spara en post över vad den sade i data/issued/ (--mote ÅÅÅÅ-MM-DD --av NAMN)"),
    "notebooks": Command(_notebooks, "Kör om notebooks och spara deras utdata (det som nbval jämför)"),
}

# argparse's own messages, in Swedish (the start of each English message → its Swedish form)
_MESSAGES = {
    "unrecognized arguments:": "okända argument:",
    "the following arguments are required:": "dessa argument måste anges:",
    "invalid choice:": "ogiltigt val:",
    "expected one argument": "väntade ett värde",
    "invalid int value:": "inte ett heltal:",
    "(choose from": "(välj bland",
    "not allowed with argument": "går inte att kombinera med",
    "ambiguous option:": "otydligt alternativ:",
}


def swedish(message: str) -> str:
    if message.startswith("argument "):
        message = "argumentet " + message[len("argument "):]
    for english, svenska in _MESSAGES.items():
        message = message.replace(english, svenska)
    return message


class SwedishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors and headings are Swedish."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "alternativ"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "användning:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "användning:", 1)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {swedish(message)}\n")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = SwedishArgumentParser(
        prog="python -m analysis",
        description="Självvärdering och spegling för Östra Mellansverige: budgetar, indikatorer, rapport.")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandon",
                                metavar="KOMMANDO", parser_class=SwedishArgumentParser)
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help, description=command.help)
        if name == chosen:  # only the chosen command's module is imported
            adder = getattr(command.module(), "add_arguments", None)
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
    return int(COMMANDS[args.command].module().run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
