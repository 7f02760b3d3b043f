"""Sentences about ECS3's work packages per challenge area and about the second extraction.

Numbers from :mod:`analysis.tables.goals` (the framework, :func:`~analysis.tables.goals.extraction_check`)
and :mod:`analysis.analyses.selfevaluation`; nothing is typed here. The decision is cited by
its name and section (:func:`analysis.narrative.citations.cite_project`), never by file and
line: the lines stand in the tables.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import upper_first
from ..tables import assessment as asm
from .citations import cite_project
from .phrases import count_word, names_list


def _decision(project_id: str) -> str:
    """The project's decision at the start of a sentence: 'Beslutet om ECS3 (Dnr …)'."""
    return upper_first(cite_project(project_id))


def _n(n: int, one: str, many: str) -> str:
    return f"{count_word(n)} {one if int(n) == 1 else many}"


def work_packages_sentence(status: pd.DataFrame, project_id: str) -> str:
    """How many work packages and activities the decision gives per challenge area, and how
    many of them are assessed (from :func:`analysis.analyses.selfevaluation.status_table`)."""
    w = status[(status["project_id"] == project_id)
               & status["kind"].isin(["work_package", "package_activity"])]
    if w.empty:
        return f"{_decision(project_id)} anger inga arbetspaket per utmaningsområde."
    section = w["section"].iloc[0]
    packages = int((w["kind"] == "work_package").sum())
    activities = int((w["kind"] == "package_activity").sum())
    text = (f"{_decision(project_id)} delar upp arbetet i de "
            f"{count_word(w['area'].nunique())} utmaningsområdena i "
            f"{_n(packages, 'arbetspaket', 'arbetspaket')} med sammanlagt "
            f"{_n(activities, 'aktivitet', 'aktiviteter')} (avsnittet ”{section}”). ")
    per_area = w.groupby("area", sort=False)["kind"].agg(
        packages=lambda k: int((k == "work_package").sum()),
        activities=lambda k: int((k == "package_activity").sum()))
    most = per_area[per_area["packages"] == per_area["packages"].max()]
    if len(most) == 1:
        text += (f"{most.index[0]} har flest: {_n(most['packages'].iloc[0], 'arbetspaket', 'arbetspaket')} "
                 f"med {_n(most['activities'].iloc[0], 'aktivitet', 'aktiviteter')}. ")
    rated = int(w["rating"].notna().sum())
    weak = int((w["rating"] <= asm.WEAK_MAX).sum())
    if rated == 0:
        return text + "Inget av dem är ännu bedömt."
    done = (f"Alla {count_word(rated)} är bedömda" if rated == len(w)
            else f"{count_word(rated).capitalize()} av {count_word(len(w))} är bedömda")
    return text + f"{done}, och {count_word(weak) if weak else 'inget'} har betyg 1 eller 2."


def extraction_sentence(check: pd.DataFrame) -> str:
    """Whether the framework reads the same from both text extractions of a decision."""
    from ..sources.decisions.register import word_variants

    if check.empty:
        return "Varje beslut finns i ett enda textutdrag; det finns inget att jämföra med."
    texts = []
    for pid, g in check.groupby("project_id", sort=False):
        name = _decision(pid)
        bad = g[~g["agrees"]]
        n = len(g)
        variants = word_variants(g["other_document"].iloc[0])
        example = next(iter(variants.items()), None)
        known = (f" och {count_word(len(variants))} kända stavningsskillnader (som ”{example[1]}” "
                 f"och ”{example[0]}”)" if example else "")
        if bad.empty:
            texts.append(f"{name} finns i två textutdrag, med olika radbrytningar. Alla "
                         f"{count_word(n)} mål, arbetspaket och åtaganden läses likadant ur båda: "
                         "samma nivå, samma målvärde och samma ord, bortsett från radbrytningar, "
                         f"avstavning{known}.")
        else:
            many = "ett" if len(bad) == 1 else count_word(len(bad))   # "mål" is neuter
            texts.append(f"{name} finns i två textutdrag, och {many} av "
                         f"{count_word(n)} mål läses olika ur dem: "
                         f"{names_list(bad['item_id'])}. Tabellen visar var skillnaden står i "
                         "båda utdragen. Rapporten bygger på det första utdraget.")
    return " ".join(texts)
