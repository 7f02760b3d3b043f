"""What the money is for: cost structure, the flat-rate indirect costs, and who co-finances
what share of the booked costs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.labels import labels
from .inputs import ERDF_SOURCE, FLAT_RATE_INDIRECT, lines_or_default


def cost_structure(lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Booked costs per project and category, with each category's share of the total.

    Columns: ``project_id, category, category_label, amount_sek, share``. The ratio of indirect
    to staff costs is in :func:`indirect_cost_ratio`.
    """
    lines = lines_or_default(lines)
    cost = lines[lines["table"] == "cost"]
    out = cost.groupby(["project_id", "category"], sort=False)["amount_sek"].sum().reset_index()
    out["share"] = out["amount_sek"] / out.groupby("project_id")["amount_sek"].transform("sum")
    out["category_label"] = out["category"].map(labels("cost_category")).fillna(out["category"])
    out["amount_sek"] = out["amount_sek"].astype("int64")
    return out[["project_id", "category", "category_label", "amount_sek", "share"]]


def indirect_cost_ratio(lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indirect costs / staff costs per project and year (REAL ÖMS: the 40 % flat rate).

    ``ratio`` is NA where a project has no indirect-cost line (ECS3 budgets real costs).
    """
    lines = lines_or_default(lines)
    cost = lines[lines["table"] == "cost"]
    piv = cost.pivot_table(index=["project_id", "year"], columns="category",
                           values="amount_sek", aggfunc="sum").reset_index()
    piv.columns.name = None
    if "indirect_costs" not in piv:
        piv["indirect_costs"] = np.nan
    piv["ratio"] = piv["indirect_costs"] / piv["staff"]
    piv["flat_rate"] = FLAT_RATE_INDIRECT
    return piv[["project_id", "year", "staff", "indirect_costs", "ratio", "flat_rate"]]


def cofinancing_shares(lines: pd.DataFrame | None = None,
                       project_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per project: ERUF share, the five regions' share, and the deciding region's share of
    the booked costs (REAL ÖMS applied for 12 %).

    Columns: ``project_id, total_cost_sek, erdf_sek, erdf_share, regional_sek, regional_share,
    deciding_authority, deciding_sek, deciding_share, applied_share``.
    """
    lines = lines_or_default(lines)
    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    cost_total = lines[lines["table"] == "cost"].groupby("project_id")["amount_sek"].sum()
    fin = lines[lines["table"] == "financing"]
    rows = []
    for _, p in project_table.iterrows():
        pid = p["project_id"]
        f = fin[fin["project_id"] == pid]
        if f.empty:
            continue
        total = int(cost_total.get(pid, 0))
        erdf = int(f.loc[f["funding_source"] == ERDF_SOURCE, "amount_sek"].sum())
        regional = int(f.loc[f["county_code"].notna(), "amount_sek"].sum())
        deciding = int(f.loc[f["category"] == p["deciding_authority"], "amount_sek"].sum())
        applied_share = p.get("applied_share")
        rows.append({"project_id": pid, "total_cost_sek": total, "erdf_sek": erdf,
                     "erdf_share": erdf / total, "regional_sek": regional,
                     "regional_share": regional / total,
                     "deciding_authority": p["deciding_authority"], "deciding_sek": deciding,
                     "deciding_share": deciding / total,
                     "applied_share": (float(applied_share) if pd.notna(applied_share)
                                       else float("nan"))})
    return pd.DataFrame(rows)
