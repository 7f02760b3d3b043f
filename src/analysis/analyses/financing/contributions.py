"""Who pays what: each financier's contribution per project, and the five regions' shares of
the regional co-financing (the documents' stated row totals, not the sum of rounded cells)."""

from __future__ import annotations

import pandas as pd

from ...core import regions
from ...core.labels import labels
from .inputs import lines_or_default


def stated_row_totals() -> pd.DataFrame:
    """The "Totalt" cell of each financing row as stated in the decision (``project_id,
    label, stated_total_sek``), from :func:`analysis.tables.budgets.budget_totals`."""
    from ...tables.budgets import budget_totals

    t = budget_totals()
    t = t[t["table"] == "financing"]
    return t[["project_id", "label", "stated_total_sek"]].reset_index(drop=True)


def contributions(lines: pd.DataFrame | None = None,
                  stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every financier and funding source per project over the whole project.

    The amount is the row total stated in the decision ("Totalt") where ``stated_totals`` has
    it – the decided amount – otherwise the sum of the yearly amounts; ``amount_basis`` says
    which, and ``rounding_difference_sek`` = Σ yearly amounts − stated total (the documents
    round each year to whole kronor, so a row can differ by a krona or two).

    Columns: ``project_id, label, category, county_code, funding_source, funding_source_label,
    amount_sek, sum_of_years_sek, rounding_difference_sek, amount_basis, share_of_regional,
    share_of_total, document, lines``. ``share_of_regional`` is NA for non-regional
    financiers (ERUF).
    """
    lines = lines_or_default(lines)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    fin = lines[lines["table"] == "financing"].copy()
    fin["county_code"] = fin["county_code"].astype(object).where(fin["county_code"].notna(), None)
    fin["funding_source"] = fin["funding_source"].astype(object)
    keys = ["project_id", "label", "category", "county_code", "funding_source"]
    out = (fin.groupby(keys, dropna=False, sort=False)
           .agg(sum_of_years_sek=("amount_sek", "sum"), document=("document", "first"),
                lines=("line", lambda s: ", ".join(str(v) for v in sorted(set(s)))))
           .reset_index())
    out["amount_sek"] = out["sum_of_years_sek"]
    out["amount_basis"] = "summa av årsbelopp"
    if stated_totals is not None and len(stated_totals):
        st = stated_totals.set_index(["project_id", "label"])["stated_total_sek"]
        key = pd.MultiIndex.from_frame(out[["project_id", "label"]])
        stated = pd.Series(st.reindex(key).to_numpy(), index=out.index)
        has = stated.notna()
        out.loc[has, "amount_sek"] = stated[has]
        out.loc[has, "amount_basis"] = "radsumma i beslutet"
    out["rounding_difference_sek"] = out["sum_of_years_sek"] - out["amount_sek"]
    total = out.groupby("project_id")["amount_sek"].transform("sum")
    regional = out["county_code"].notna()
    regional_total = out["amount_sek"].where(regional, 0).groupby(out["project_id"]).transform("sum")
    out["share_of_total"] = out["amount_sek"] / total
    out["share_of_regional"] = (out["amount_sek"] / regional_total).where(regional)
    out["funding_source_label"] = out["funding_source"].map(labels("funding_source"))
    for col in ("amount_sek", "sum_of_years_sek", "rounding_difference_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", "label", "category", "county_code", "funding_source",
                "funding_source_label", "amount_sek", "sum_of_years_sek",
                "rounding_difference_sek", "amount_basis", "share_of_regional",
                "share_of_total", "document", "lines"]]


def regional_contributions(lines: pd.DataFrame | None = None,
                           stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each region's total per project (all its funding sources together; amounts as in
    :func:`contributions`).

    Columns: ``project_id, county_code, region, amount_sek, n_sources, share_of_regional,
    share_of_total, regional_total_sek, project_total_sek, rounding_difference_sek``.
    """
    c = contributions(lines, stated_totals)
    project_total = c.groupby("project_id")["amount_sek"].sum()
    reg = c[c["county_code"].notna()]
    out = (reg.groupby(["project_id", "county_code"], sort=True)
           .agg(amount_sek=("amount_sek", "sum"), n_sources=("funding_source", "nunique"),
                rounding_difference_sek=("rounding_difference_sek", "sum"))
           .reset_index())
    out["region"] = out["county_code"].map(regions.authority_name)
    out["regional_total_sek"] = out.groupby("project_id")["amount_sek"].transform("sum")
    out["project_total_sek"] = out["project_id"].map(project_total)
    out["share_of_regional"] = out["amount_sek"] / out["regional_total_sek"]
    out["share_of_total"] = out["amount_sek"] / out["project_total_sek"]
    for col in ("amount_sek", "regional_total_sek", "project_total_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", "county_code", "region", "amount_sek", "n_sources",
                "share_of_regional", "share_of_total", "regional_total_sek", "project_total_sek",
                "rounding_difference_sek"]]
