"""What goes into the workbook (the report's tables, chapter by chapter, as the chapters call them)
and the command ``python -m analysis arbetsbok`` that writes it.

Each entry is a function that builds one :class:`~analysis.present.workbook.Sheet`, so a table
is only computed when the workbook is written. Keep this list in step with the chapters in
``report/*.qmd`` (a table added to a chapter belongs here too).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..core.paths import PROCESSED
from .workbook import WORKBOOK_NAME, Sheet, sheet_from_chart, sources_sheet, write_workbook

DEFAULT_PATH = PROCESSED / WORKBOOK_NAME  # the command's default; the report build writes its own

BUDGET = "Besluten om ECS3 och REAL ÖMS"
KR = "kronor"
BASE_YEAR = 2023  # as report/utveckling.qmd: the latest year with a published KPI annual mean
PRICE_ASSUMPTION = "hold_latest"  # as report/utveckling.qmd


def _projects() -> list[Callable[[], Sheet]]:
    from . import budget_figures as bf

    out = [lambda: sheet_from_chart(bf.budget_by_year_chart(), KR),
           lambda: Sheet("Projektperioder och projektmånader per budgetår", bf.period_table(), BUDGET,
                         "datum och månader")]
    for pid, name in (("ECS3", "ECS3"), ("REAL_OMS", "REAL ÖMS")):
        out.append(lambda pid=pid, name=name: Sheet(f"{name} kostnadsbudget per år",
                                                    bf.cost_table(pid), BUDGET, KR))
        out.append(lambda pid=pid, name=name: Sheet(f"{name} finansieringsbudget per år",
                                                    bf.financing_table(pid), BUDGET, KR))
    return out


def _financing(focus: str) -> list[Callable[[], Sheet]]:
    from ..analyses import financing as fin
    from . import financing_figures as figs

    highlight = None if focus == "SE12" else focus
    return [
        lambda: sheet_from_chart(figs.contributions_chart(fin.regional_contributions(),
                                                          focus=highlight)),
        lambda: sheet_from_chart(figs.per_inhabitant_chart(fin.capacity(), focus=highlight)),
        lambda: sheet_from_chart(figs.fair_share_chart(fin.fair_share(denominator="population"),
                                                       focus=highlight), "index"),
        lambda: sheet_from_chart(figs.fair_share_sensitivity_chart(fin.fair_share_sensitivity()),
                                 "index"),
        lambda: Sheet("Finansiärer och källor per projekt", figs.contributions_table(numbers=True),
                      BUDGET, KR),
        lambda: Sheet("Numeriska mål och utfall", _targets(), BUDGET, "se kolumnerna"),
    ]


def _targets():
    from ..analyses import outcomes
    from . import financing_figures as figs

    return figs.targets_table(outcomes.targets_with_outcomes())


def _over_time(focus: str) -> list[Callable[[], Sheet]]:
    from ..analyses import financing as fin
    from . import financing_figures as figs

    highlight = None if focus == "SE12" else focus
    yearly = lambda: fin.in_fixed_prices(fin.yearly_budget(), base_year=BASE_YEAR,  # noqa: E731
                                         assumption=PRICE_ASSUMPTION)
    return [
        lambda: sheet_from_chart(figs.monthly_budget_chart(yearly()), KR),
        lambda: sheet_from_chart(figs.change_chart(fin.change_by_region(), focus=highlight), KR),
        lambda: sheet_from_chart(figs.cost_structure_chart(), KR),
        lambda: Sheet("Totalt och per projektmånad, löpande och fasta priser",
                      figs.over_time_table(fin.over_time(base_year=BASE_YEAR,
                                                         assumption=PRICE_ASSUMPTION),
                                           numbers=True), BUDGET, KR),
        lambda: Sheet("ERUF, regionerna och den beslutande regionen",
                      figs.cofinancing_table(numbers=True), BUDGET,
                      "kronor och procent"),
    ]


def _mirror(focus: str) -> list[Callable[[], Sheet]]:
    from ..analyses import mirror
    from ..tables import challenges
    from . import maps
    from . import mirror_figures as mfig

    def peers():
        return mirror.similar_regions(focus).peers

    return [
        lambda: sheet_from_chart(mfig.profile_chart(mirror.profile())),
        lambda: sheet_from_chart(maps.choropleth_chart("rd_business_per_inhabitant")),
        lambda: sheet_from_chart(mfig.similar_regions_chart(mirror.similar_regions(focus))),
        lambda: sheet_from_chart(mfig.dendrogram_chart(mirror.cluster_counties(focus=focus))),
        lambda: sheet_from_chart(mfig.trajectories_chart(
            mirror.trajectories("population", focus, peers()))),
        lambda: sheet_from_chart(mfig.trajectories_chart(
            mirror.trajectories("grp_per_inhabitant_sek_fixed", focus, peers()))),
        lambda: Sheet("Folkmängd trend per år", mfig.trend_table(
            mirror.growth_comparison("population", focus, peers())), "Egen beräkning",
            "procent av basårets nivå per år"),
        lambda: sheet_from_chart(mfig.nuts2_chart()),
        lambda: sheet_from_chart(mfig.challenge_matrix_chart()),
        lambda: Sheet("Utmaningsområden och Kalmars prioriteringar", challenges.challenge_table(),
                      "Regionernas och Region Kalmars strategidokument", "–"),
    ]


def _method() -> list[Callable[[], Sheet]]:
    from ..tables import datalog
    from . import budget_figures as bf

    catalog = "Rapportens datakatalog"
    return [
        lambda: Sheet("Skillnader mellan angivna summor och delarna", bf.validation_table(),
                      BUDGET, KR),
        lambda: Sheet("Saknade eller undertryckta värden", datalog.missing_values(), catalog,
                      "antal värden"),
        lambda: Sheet("BRP per invånare i två årgångar", datalog.vintage_differences(), catalog,
                      "tusen kronor"),
        lambda: Sheet("Antaganden och konsekvenser", datalog.assumptions_log(), catalog, "–"),
    ]


def _selfevaluation(focus: str) -> list[Callable[[], Sheet]]:
    """The technical tables of the self-evaluation: every goal and weak area with the id it is
    entered under in the assessment files, and the goals' document and lines (the pages cite the
    decision papers by Dnr and section, issue 21)."""
    from ..narrative.technical_ids import id_table

    return [lambda: Sheet("Id för bedömningsfilerna", id_table(focus, weak=True),
                          "Beslutsunderlagen och speglingen", "–")]


def report_tables(focus: str = "SE12") -> list[Callable[[], Sheet]]:
    """The builders of every sheet, in the order of the report's chapters."""
    return [*_projects(), *_financing(focus), *_over_time(focus), *_mirror(focus),
            *_selfevaluation(focus), *_method()]


def report_sheets(focus: str = "SE12") -> list[Sheet]:
    """Every table and chart table of the report's chapters, in chapter order."""
    return [build() for build in report_tables(focus)]


def write_report_workbook(out_dir: Path, params: dict | None = None) -> Path:
    """The workbook the report's first page and Metod link to, beside the pages in ``out_dir``."""
    from ..core.params import normalize_focus

    focus = normalize_focus((params or {}).get("focus", "SE12"))
    return write_workbook(report_sheets(focus), Path(out_dir) / WORKBOOK_NAME,
                          sources=sources_sheet())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ut", type=Path, default=DEFAULT_PATH,
                        help=f"var arbetsboken skrivs (standard: data/processed/{WORKBOOK_NAME})")
    parser.add_argument("--fokus", default="SE12", help="fokusregion, som i rapporten")


def run(args: argparse.Namespace) -> int:
    from ..core.params import normalize_focus

    path = write_workbook(report_sheets(normalize_focus(args.fokus)), args.ut,
                          sources=sources_sheet())
    print(f"Arbetsboken skrevs till {path}")
    return 0
