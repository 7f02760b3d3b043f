"""Command line: ``python -m analysis <command>`` (or the ``oms-analysis`` script).

Each command lives in the module that owns the work; this file only dispatches, so that
``python -m analysis --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (module, function, Swedish/English help). The function takes the parsed args.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": ("analysis.extract", "run", "Extract and validate budget tables from the decision documents"),
    "refresh": ("analysis.scb", "run", "Fetch newer population, GRP and KPI tables from SCB's PxWeb API"),
    "report": ("analysis.report", "run", "Render the report (Quarto if installed, else an HTML preview)"),
    "notebooks": ("analysis.notebooks_runner", "run", "Re-execute the notebooks in place (updates the outputs nbval compares)"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, func, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        adder = getattr(importlib.import_module(module), "add_arguments", None)
        if adder is not None:
            adder(p)
    args = parser.parse_args(argv)
    module, func, _ = COMMANDS[args.command]
    return int(getattr(importlib.import_module(module), func)(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
