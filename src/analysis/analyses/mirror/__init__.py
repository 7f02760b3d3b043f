"""Spegling: the ÖMS regions mirrored against the other counties, Kalmar län and Riket.

ECS3's decision (000_…, line 242; REAL ÖMS's does not) asks for "kontinuerliga speglingar
relativt hur andra regioner och områden utvecklar tillväxten". Everything here is a pure function of the tidy indicator table
(:func:`analysis.tables.indicators.indicators`: ``county_code, year, indicator, value, unit, source,
vintage``); pass ``data=`` to use another table (tests use small hand-made ones).

- :func:`cross_section` / :func:`growth` / :func:`profile`: levels and growth with rank (1 =
  highest) and percentile among the 21 counties and z-scores (``scipy.stats.zscore``, population
  standard deviation over the 21 counties). Riket and ÖMS (``SE12``) get a value and
  percentile on that scale for reference but no rank: they are not counties. The report and the
  self-evaluation place ÖMS, like with like, only among Sweden's eight NUTS 2 regions
  (:mod:`.nuts2_peers`).
- :func:`similar_regions`: nearest counties (for ÖMS: nearest NUTS 2 regions) on a weighted, standardised profile
  (``scipy.spatial.distance``); :func:`cluster_counties`: Ward clustering of the 21 counties.
- :func:`trajectories`, :func:`trend_slopes`, :func:`growth_comparison`: indexed series, OLS trend
  slopes with 95 % confidence intervals (``scipy.stats.linregress``) and the verdict.
- :func:`nuts2_view`: ÖMS among Sweden's NUTS 2 regions in the Regional Innovation Scoreboard as
  quoted by press pages.

The package's modules: :mod:`.table` (data access, indicator sets, labels, checks),
:mod:`.positions`, :mod:`.similarity`, :mod:`.trends`, :mod:`.nuts2`. Bad parameters raise
:class:`analysis.core.errors.ParameterError` with a Swedish message that lists the valid
choices. The sentences about the results are :mod:`analysis.narrative.mirror_text`'s.
"""

from __future__ import annotations

from .nuts2 import nuts2_regions, nuts2_view, RIS_CAVEAT
from .positions import cross_section, growth, position, profile
from .similarity import cluster_counties, Clustering, similar_regions, Similarity
from .table import (data_or_default, complete_years, coverage, GROWTH_INDICATORS, indicator_label,
                    is_additive, KALMAR_CODE, label_in_sentence, label_with_period, LEVEL_INDICATORS, mirror_table,
                    MIRROR_INDICATORS, PROFILE_REGIONS, region_name, SIMILARITY_INDICATORS, TIDY_COLUMNS,
                    with_oms_aggregates)
from .trends import growth_comparison, GrowthComparison, trajectories, trend_slopes

__all__ = [
    "cluster_counties", "Clustering", "complete_years", "coverage", "cross_section", "growth",
    "growth_comparison", "GROWTH_INDICATORS", "GrowthComparison", "indicator_label",
    "is_additive", "KALMAR_CODE", "label_in_sentence", "label_with_period", "LEVEL_INDICATORS", "mirror_table",
    "MIRROR_INDICATORS", "nuts2_regions", "nuts2_view", "position", "profile", "PROFILE_REGIONS", "region_name",
    "RIS_CAVEAT", "similar_regions", "Similarity", "SIMILARITY_INDICATORS", "TIDY_COLUMNS",
    "trajectories", "trend_slopes", "with_oms_aggregates", "data_or_default"
]
