"""Only the ÖMS aggregate row says it is computed from the counties (issue 16)."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.mirror import positions
from analysis.analyses.mirror.table import row_sources


def test_each_row_keeps_its_own_source():
    df = pd.DataFrame({"county_code": ["03", "04", "SE12"], "year": 2024, "indicator": "population",
                       "value": [1.0, 2.0, 3.0], "unit": "personer",
                       "source": ["SCB", "SCB", "beräknad: summa av län 03, 04"], "vintage": "v"})
    assert row_sources(df, "population", 2024, ["SE12", "03", "05"]) == [
        "beräknad: summa av län 03, 04", "SCB", ""]


def test_county_rows_of_the_real_cross_section_carry_no_aggregate_note():
    cs = positions.cross_section("population").set_index("county_code")
    assert "beräknad" in cs.at["SE12", "source"]
    counties = cs.drop(index=[c for c in ("SE12", "00") if c in cs.index])
    assert len(counties) == 21 and not counties["source"].str.contains("beräknad").any()
    assert counties.at["03", "source"].startswith("SCB BE0101")
    growth = positions.growth("population").set_index("county_code")
    assert not growth.drop(index="SE12")["source"].str.contains("beräknad").any()
    assert "beräknad" in growth.at["SE12", "source"]
