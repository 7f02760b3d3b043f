"""Page one's vintages (issues 15 and 22): county GRP 2024, population 2025, KPI 2024-11, RIS 2021."""

from __future__ import annotations

from analysis.analyses.vintage import indicator_vintages
from analysis.narrative.vintage_text import vintage_text


def test_latest_years_of_the_statistics():
    v = indicator_vintages().set_index("indicator")
    assert v.at["grp_msek", "latest_year"] == "2024"
    assert v.at["grp_msek", "vintage"] == "2025-12-17"
    assert v.at["population", "latest_year"] == "2025"
    assert v.at["kpi", "latest_year"] == "2024-11"
    assert v.at["ris", "latest_year"] == "RIS 2021"
    assert v.at["grp_msek", "refresh"] == "grp" and v.at["kpi", "refresh"] == "kpi"
    text = vintage_text(indicator_vintages())
    assert "Bruttoregionprodukt (BRP): 2024 (årgång 17 december 2025)" in text
    assert "KPI (1980=100, månadsvärden): 2024-11" in text
    assert "uppdateringskommando (se Metod)" in text and "`" not in text and "python" not in text
