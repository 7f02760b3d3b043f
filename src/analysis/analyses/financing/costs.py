"""What the money is for: cost structure (also like with like: own staff against every other
cost, where a flat rate stands for the other costs), the flat-rate indirect costs, and who
co-finances what share of the booked costs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.labels import labels
from .inputs import ERDF_SOURCE, FLAT_RATE_INDIRECT, classified, lines_or_default


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


STAFF = "staff"
FLAT_RATE = "indirect_costs"


def cost_structure_like_with_like(lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Own staff against every other cost, per project: the one comparison two budgets allow
    when one itemises its other costs (external services, travel …) and the other budgets a flat
    rate on staff costs that stands for them (ERUF 2021–2027: a flat rate of up to 40 % of
    direct staff costs covers all remaining costs, Regulation (EU) 2021/1060, article 56).

    Columns: ``project_id, total_sek, staff_sek, staff_share, other_sek, other_share,
    other_basis`` (``flat_rate``: the other costs are only the flat-rate line; ``itemised``: no
    flat-rate line; ``mixed``: both), ``other_categories`` (the cost categories behind the
    other costs, comma-separated codes), ``flat_rate_ratio`` (flat-rate line / staff, NA
    without one).
    """
    lines = lines_or_default(lines)
    cost = lines[lines["table"] == "cost"]
    rows = []
    for pid, g in cost.groupby("project_id", sort=False):
        by_cat = g.groupby("category", sort=False)["amount_sek"].sum()
        total = int(by_cat.sum())
        staff = int(by_cat.get(STAFF, 0))
        others = [c for c in by_cat.index if c != STAFF]
        flat = FLAT_RATE in others
        basis = ("flat_rate" if flat and len(others) == 1 else
                 "mixed" if flat else "itemised")
        rows.append({"project_id": pid, "total_sek": total, "staff_sek": staff,
                     "staff_share": staff / total if total else float("nan"),
                     "other_sek": total - staff,
                     "other_share": (total - staff) / total if total else float("nan"),
                     "other_basis": basis, "other_categories": ", ".join(others),
                     "flat_rate_ratio": (float(by_cat[FLAT_RATE]) / staff if flat and staff
                                         else float("nan"))})
    return pd.DataFrame(rows, columns=["project_id", "total_sek", "staff_sek", "staff_share",
                                       "other_sek", "other_share", "other_basis",
                                       "other_categories", "flat_rate_ratio"])


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
    """Per project: ERUF share, the regions' share, the other public money, private money and
    contributions in kind, and the deciding region's share of the booked costs (REAL ÖMS
    applied for 12 %). Kinds, sectors and forms come from the financier register.

    Columns: ``project_id, total_cost_sek, erdf_sek, erdf_share, regional_sek, regional_share,
    other_public_sek, other_public_share, private_sek, private_share, in_kind_sek,
    in_kind_share, deciding_authority, deciding_sek, deciding_share, applied_share``.
    ``other_public`` is public money of every other kind (state agencies, municipalities,
    universities, other public financiers), in money or in kind.
    """
    lines = lines_or_default(lines)
    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    cost_total = lines[lines["table"] == "cost"].groupby("project_id")["amount_sek"].sum()
    fin = classified(lines)
    rows = []
    for _, p in project_table.iterrows():
        pid = p["project_id"]
        f = fin[fin["project_id"] == pid]
        if f.empty:
            continue
        total = int(cost_total.get(pid, 0))
        erdf = int(f.loc[f["funding_source"] == ERDF_SOURCE, "amount_sek"].sum())
        regional = int(f.loc[f["kind"] == "region", "amount_sek"].sum())
        private = int(f.loc[f["sector"] == "private", "amount_sek"].sum())
        in_kind = int(f.loc[f["form"] == "in_kind", "amount_sek"].sum())
        other_public = int(f.loc[(f["sector"] == "public") & (f["kind"] != "region")
                                 & (f["funding_source"] != ERDF_SOURCE), "amount_sek"].sum())
        deciding = int(f.loc[f["category"] == p["deciding_authority"], "amount_sek"].sum())
        applied_share = p.get("applied_share")
        rows.append({"project_id": pid, "total_cost_sek": total, "erdf_sek": erdf,
                     "erdf_share": erdf / total, "regional_sek": regional,
                     "regional_share": regional / total,
                     "other_public_sek": other_public, "other_public_share": other_public / total,
                     "private_sek": private, "private_share": private / total,
                     "in_kind_sek": in_kind, "in_kind_share": in_kind / total,
                     "deciding_authority": p["deciding_authority"], "deciding_sek": deciding,
                     "deciding_share": deciding / total,
                     "applied_share": (float(applied_share) if pd.notna(applied_share)
                                       else float("nan"))})
    return pd.DataFrame(rows)
