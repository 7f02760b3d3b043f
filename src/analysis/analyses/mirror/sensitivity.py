"""How much the growth verdict depends on the choice of peers: leave one peer out, and peers
chosen on an alternative set of variables. The verdict the text may state is the one every
variant agrees on; otherwise it is "osäkert"."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...core.errors import ParameterError
from ...core.params import region_focus
from .similarity import similar_regions
from .table import data_or_default
from .trends import growth_comparison

# The alternative profile: GRP per inhabitant in kronor (SCB) instead of euro, and R&D in the
# business and higher-education sectors only (without the broad public-sector survey, N85086).
ALTERNATIVE_INDICATORS: tuple[str, ...] = (
    "grp_per_inhabitant_ksek",
    "rd_business_per_inhabitant",
    "rd_higher_education_per_inhabitant",
)


@dataclass
class GrowthSensitivity:
    indicator: str
    focus: str
    table: pd.DataFrame  # variant, left_out, peers, difference, ci_low, ci_high, verdict
    verdict: str  # the verdict every variant shares, else "osäkert"

    @property
    def robust(self) -> bool:
        return self.table["verdict"].nunique() == 1


def growth_sensitivity(indicator: str, focus: str, peers: list[str],
                       data: pd.DataFrame | None = None,
                       alternative: tuple[str, ...] = ALTERNATIVE_INDICATORS) -> GrowthSensitivity:
    """The growth comparison with all ``peers``, with each peer left out, and with the peers
    :func:`similar_regions` picks on ``alternative`` variables (same number of peers)."""
    df = data_or_default(data)
    focus = region_focus(focus)  # checked once here; a Focus comes through unchanged
    rows = []

    def add(variant: str, left_out: str | None, chosen: list[str]) -> None:
        g = growth_comparison(indicator, focus, chosen, data=df)
        rows.append({"variant": variant, "left_out": left_out, "peers": list(g.peers),
                     "difference": g.difference, "ci_low": g.ci_low, "ci_high": g.ci_high,
                     "verdict": g.verdict})

    add("alla", None, list(peers))
    if len(peers) > 1:
        for code in peers:
            add("utan ett län", code, [p for p in peers if p != code])
    try:
        alt = similar_regions(focus, list(alternative), n=len(peers), data=df).peers
        add("andra mått", None, alt)
    except ParameterError:
        pass  # the alternative set lacks data for this focus: the table shows what was run
    table = pd.DataFrame(rows)
    verdicts = table["verdict"].unique()
    return GrowthSensitivity(indicator, focus, table,
                             verdicts[0] if len(verdicts) == 1 else "osäkert")
