"""Who pays what: each financier's contribution per project, the money by kind of financier
(region, state agency, municipality, EU fund, private, other), public or private and money or
in kind, and the regions' shares of the regional co-financing (the documents' stated row
totals, not the sum of rounded cells)."""

from __future__ import annotations

import pandas as pd

from ...core import regions
from ...core.labels import labels
from .inputs import CLASSIFICATION, KIND_ORDER, classified, lines_or_default


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
    kind, sector, form, amount_sek, sum_of_years_sek, rounding_difference_sek, amount_basis,
    share_of_regional, share_of_total, document, lines``. ``kind``, ``sector`` (public/private)
    and ``form`` (cash/in_kind) come from the financier register. ``share_of_regional`` is NA
    for every financier that is not a region (ERUF, state agencies, private money …).
    """
    lines = lines_or_default(lines)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    fin = classified(lines)
    fin["county_code"] = fin["county_code"].astype(object).where(fin["county_code"].notna(), None)
    fin["funding_source"] = fin["funding_source"].astype(object)
    keys = ["project_id", "label", "category", "county_code", "funding_source", *CLASSIFICATION]
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
    regional = out["kind"] == "region"
    regional_total = out["amount_sek"].where(regional, 0).groupby(out["project_id"]).transform("sum")
    out["share_of_total"] = out["amount_sek"] / total
    out["share_of_regional"] = (out["amount_sek"] / regional_total).where(regional)
    out["funding_source_label"] = out["funding_source"].map(labels("funding_source"))
    for col in ("amount_sek", "sum_of_years_sek", "rounding_difference_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", "label", "category", "county_code", "funding_source",
                "funding_source_label", *CLASSIFICATION, "amount_sek", "sum_of_years_sek",
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
    reg = c[c["kind"] == "region"]
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


def financing_by_kind(lines: pd.DataFrame | None = None,
                      stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each project's financing by kind of financier, public or private, money or in kind.

    One row per project and (kind, sector, form) that occurs, kinds in :data:`KIND_ORDER`,
    money before contributions in kind. Amounts as in :func:`contributions` (the decisions' row
    totals). Columns: ``project_id, kind, sector, form, kind_label, sector_label, form_label,
    amount_sek, n_rows, share_of_total, project_total_sek``; the shares of a project add up to 1.
    """
    c = contributions(lines, stated_totals)
    keys = ["project_id", *CLASSIFICATION]
    out = (c.groupby(keys, sort=False)
           .agg(amount_sek=("amount_sek", "sum"), n_rows=("label", "size")).reset_index())
    out["project_total_sek"] = out.groupby("project_id")["amount_sek"].transform("sum")
    out["share_of_total"] = out["amount_sek"] / out["project_total_sek"]
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    projects = list(dict.fromkeys(c["project_id"]))
    out["_p"] = out["project_id"].map(projects.index)
    out["_k"] = out["kind"].map(order).fillna(len(order))
    out["_f"] = (out["form"] == "in_kind").astype(int)
    out = out.sort_values(["_p", "_f", "_k"]).drop(columns=["_p", "_k", "_f"]).reset_index(drop=True)
    out["kind_label"] = out["kind"].map(labels("financier_kind"))
    out["sector_label"] = out["sector"].map(labels("financier_sector"))
    out["form_label"] = out["form"].map(labels("financier_form"))
    for col in ("amount_sek", "project_total_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", *CLASSIFICATION, "kind_label", "sector_label", "form_label",
                "amount_sek", "n_rows", "share_of_total", "project_total_sek"]]


def financing_overview(lines: pd.DataFrame | None = None,
                       stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per project: the whole financing split into public and private money, and into
    money and contributions in kind (amounts as in :func:`contributions`).

    Columns: ``project_id, total_sek, public_sek, private_sek, cash_sek, in_kind_sek,
    public_cash_sek, public_in_kind_sek, private_cash_sek, private_in_kind_sek, regional_sek,
    eu_fund_sek`` and the share of each in the total (``public_share``, ``private_share``,
    ``in_kind_share``, ``public_cash_share``, ``public_in_kind_share``, ``private_in_kind_share``,
    ``private_cash_share``,
    ``regional_share``, ``eu_fund_share``). Every total and share is defined for any budget:
    a part that does not occur is 0.
    """
    c = contributions(lines, stated_totals)
    rows = []
    for pid, g in c.groupby("project_id", sort=False):
        amount = g["amount_sek"]
        pub, kind_ = g["sector"] == "public", g["form"] == "in_kind"
        r = {"project_id": pid, "total_sek": int(amount.sum()),
             "public_sek": int(amount[pub].sum()), "private_sek": int(amount[~pub].sum()),
             "cash_sek": int(amount[~kind_].sum()), "in_kind_sek": int(amount[kind_].sum()),
             "public_cash_sek": int(amount[pub & ~kind_].sum()),
             "public_in_kind_sek": int(amount[pub & kind_].sum()),
             "private_cash_sek": int(amount[~pub & ~kind_].sum()),
             "private_in_kind_sek": int(amount[~pub & kind_].sum()),
             "regional_sek": int(amount[g["kind"] == "region"].sum()),
             "eu_fund_sek": int(amount[g["kind"] == "eu_fund"].sum())}
        total = r["total_sek"]
        for part in ("public", "private", "in_kind", "public_cash", "public_in_kind",
                     "private_in_kind", "private_cash", "regional", "eu_fund"):
            r[f"{part}_share"] = r[f"{part}_sek"] / total if total else float("nan")
        rows.append(r)
    return pd.DataFrame(rows)
