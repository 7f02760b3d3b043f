"""The label registry (data/labels.yml) covers every code the budget tables use."""

from __future__ import annotations

import pytest

from analysis.core import labels
from analysis.tables import budgets, financiers


def test_every_cost_category_and_funding_source_has_a_label():
    categories = {c for _, c in budgets.COST_CATEGORIES}
    assert categories <= set(labels.labels("cost_category"))
    assert financiers.FUNDING_SOURCES == set(labels.labels("funding_source"))
    assert labels.label("cost_category", "indirect_costs") == "Indirekta kostnader (schablon 40 %)"
    assert labels.label("funding_source", "appropriation_1_1") == "1:1-medel"


def test_unknown_code_or_kind_is_an_error():
    with pytest.raises(KeyError, match="Ingen etikett för 'catering' i cost_category"):
        labels.label("cost_category", "catering")
    with pytest.raises(KeyError, match="Okänd etikettsort 'colour'"):
        labels.labels("colour")
