"""Kolada N85086 is SCB's broad public-sector R&D survey (issue 15, point 4), checked against
SCB's own table in mnkr, and every sentence about it says so."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.sources import catalog
from analysis.tables.indicators import indicators


def test_n85086_times_population_is_scbs_public_sector_survey_2019():
    info = catalog.dataset("rd_expenditure_msek_scb")
    scb = catalog.read_csv(catalog.path("rd_expenditure_msek_scb"), info["columns"])
    scb = scb[(scb["year"] == "2019") & scb["sector"].str.startswith("public sector")
              & scb["unit"].str.startswith("MSEK") & (scb["county_code"] != "00")]
    msek = scb.set_index("county_code")["value"].astype(float)
    ind = indicators()
    per = ind[(ind["indicator"] == "rd_public_per_inhabitant") & (ind["year"] == 2019)]
    pop = ind[(ind["indicator"] == "population") & (ind["year"] == 2019)]
    kolada = (per.set_index("county_code")["value"] * pop.set_index("county_code")["value"] / 1e6)
    both = msek.index.intersection(kolada.index)
    assert len(both) == 21
    assert (kolada[both] - msek[both]).abs().max() < 1.0  # mnkr, rounding of kr per inhabitant
    assert msek["03"] == 504  # Uppsala, SCB table page updated 2020-10-01


def test_the_best_position_carries_the_note_when_it_rests_on_public_rd():
    from analysis.narrative.mirror_findings import mirror_findings
    from analysis.narrative.mirror_text import RD_PUBLIC_NOTE

    f = mirror_findings("SE12").set_index("key")["text"]
    for key in ("strongest", "weakest", "kalmar"):
        if "offentliga sektorns" in f[key]:
            assert RD_PUBLIC_NOTE in f[key]
    assert "Kolada N85086" in RD_PUBLIC_NOTE and "breda" in RD_PUBLIC_NOTE
