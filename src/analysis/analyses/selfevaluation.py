"""Självvärdering: the results framework with each item's status, and the weak areas.

Numbers and frames only (the sentences are in :mod:`analysis.narrative.selfevaluation_findings`,
the figure and the chapter's tables in :mod:`analysis.present.selfevaluation_figures` and
:mod:`analysis.present.selfevaluation_tables`). Nothing is estimated: an item without a
rating in the entry file is "ej bedömt", and a weak area is either a rating of 1 or 2 in the
evaluator's file or a position the mirroring computes (:mod:`analysis.analyses.mirror`):

- **bottom third** (:data:`BOTTOM_SHARE`): a rank in the lower third of the regions the focus is
  compared with, at its own level: a county among the 21 counties (plats 15–21), ÖMS as a whole
  among Sweden's eight NUTS 2 regions (plats 7–8,
  :func:`analysis.analyses.mirror.nuts2_peers.nuts2_ranks`), never a place among single counties.
  Level measures per inhabitant and the growth measures.
- **growth clearly below its peers** (:data:`GROWTH_GAP`): the estimated yearly growth
  (:func:`analysis.analyses.mirror.growth_comparison`) is at least ``GROWTH_GAP`` percentage
  points a year below the peers' average (the most similar counties, or for ÖMS the most similar
  NUTS 2 regions). Whether the interval and every peer variant agree
  (:func:`analysis.analyses.mirror.sensitivity.growth_sensitivity`) is part of the evidence,
  not of the rule: a weak area is a candidate for the action plan, for the evaluator to judge.

The rule is applied whether or not anything is rated. :func:`weak_rule` gives its parameters,
so the sentence that states the rule (:mod:`analysis.narrative.selfevaluation_findings`) is
written from the same constants the code applies.
"""

from __future__ import annotations


import pandas as pd

from ..tables import assessment as asm
from ..tables import goals
from ..core.cache import build_cached
from ..core.errors import ParameterError
from ..core.regions import OMS_CODE
from ..core.regions import county_name as region_name

# The per-inhabitant level measures the mirror chapter places (population is a size, not a
# strength or weakness).
WEAK_LEVELS: tuple[str, ...] = ("grp_per_inhabitant_ksek", "rd_business_per_inhabitant",
                                "rd_public_per_inhabitant", "rd_higher_education_per_inhabitant",
                                "innovation_index_reglab")
BOTTOM_SHARE = 1 / 3
# percentage points a year below the peers' average growth: "clearly" slower
GROWTH_GAP = 0.5


def bottom_first_place(n: int) -> int:
    """The first place of the lower third among ``n`` regions (15 of 21, 7 of 8)."""
    return n - int(n * BOTTOM_SHARE) + 1


def in_bottom_third(rank, n) -> bool:
    return pd.notna(rank) and int(rank) >= bottom_first_place(int(n))


def weak_rule() -> dict:
    """The rule's parameters, for the sentence that states it: per level the places that count
    as the lower third, and the growth gap in percentage points a year."""
    from ..core.regions import county_codes, nuts2_codes

    sizes = {"län": len(county_codes()), "NUTS 2-regioner": len(nuts2_codes())}
    return {"bottom": {scale: (bottom_first_place(n), n) for scale, n in sizes.items()},
            "growth_gap": GROWTH_GAP}


def weak_regions(focus: str = OMS_CODE) -> list[str]:
    """The regions whose weak areas the action plan takes: for ÖMS, ÖMS itself (among the NUTS
    2 regions) and each of its counties (among the 21 counties); for a county, the county."""
    from ..core.focus import build_focus
    from ..core.params import region_focus

    focus = region_focus(focus)  # its counties come from the register: made, not checked again
    return [focus if code == focus else build_focus(code) for code in focus.highlight]


def status_label(rating) -> str:
    """'3 – till stor del uppnått', or 'ej bedömt'."""
    if pd.isna(rating):
        return asm.NOT_ASSESSED
    return f"{int(rating)} – {asm.SCALE[int(rating)][0]}"


def current_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per project and item: the latest dated row (an undated row counts before every
    dated one). An assessment file keeps a row per goal and date; the latest is current."""
    if entries.empty:
        return entries.copy()
    order = entries.assign(_undated=entries["date"].isna(), _n=range(len(entries)))
    order = order.sort_values(["_undated", "date", "_n"], ascending=[False, True, True],
                              kind="stable")
    latest = order.groupby(["project_id", "item_id"], sort=False).tail(1)
    return latest.sort_values("_n").drop(columns=["_undated", "_n"])


def rating_history(entries: pd.DataFrame | None = None,
                   items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every rating given, per goal and date, oldest first: the self-evaluation over time.

    Columns: ``project_id, item_id, kind_label, title, date, rating, status, previous_rating,
    change`` (``ny`` for a goal's first rating, else ``höjt``, ``sänkt`` or ``oförändrat``),
    ``current`` (the latest row of the goal), ``after_period``, ``evidence, evidence_source,
    assessed_by, comment``. Goals never rated are not in it.
    """
    entries = asm.assessments() if entries is None else entries
    items = goals.framework() if items is None else items
    e = entries[entries["rating"].notna() & entries["date"].notna()].copy()
    e = e.merge(items[["project_id", "item_id", "kind_label", "title"]],
                on=["project_id", "item_id"], how="left")
    e = e.sort_values(["project_id", "item_id", "date"], kind="stable")
    e["previous_rating"] = e.groupby(["project_id", "item_id"])["rating"].shift(1).astype("Int64")
    e["change"] = ["ny" if pd.isna(p) else ("höjt" if r > p else "sänkt" if r < p else "oförändrat")
                   for r, p in zip(e["rating"], e["previous_rating"])]
    e["current"] = ~e.duplicated(["project_id", "item_id"], keep="last")
    e["status"] = [status_label(r) for r in e["rating"]]
    if "after_period" not in e:
        e["after_period"] = False
    order = {k: i for i, k in enumerate(zip(items["project_id"], items["item_id"]))}
    e["_k"] = [order.get(k, len(order)) for k in zip(e["project_id"], e["item_id"])]
    e = e.sort_values(["_k", "date"], kind="stable").drop(columns="_k")
    e = e.rename(columns={"source": "evidence_source"})
    return e[["project_id", "item_id", "kind_label", "title", "date", "rating", "status",
              "previous_rating", "change", "current", "after_period", "evidence",
              "evidence_source", "assessed_by", "comment"]].reset_index(drop=True)


def status_table(items: pd.DataFrame | None = None,
                 entries: pd.DataFrame | None = None,
                 outcome_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every framework item with its assessment (one row per item, in the framework's order).

    Adds ``source`` (document and lines), ``rating`` (Int64, NA = ej bedömt), ``status``,
    ``evidence``, ``evidence_source``, ``date``, ``achieved_value``, ``attainment`` (achieved /
    target value), ``women``, ``men``, the horizontal answers and the action columns.

    A numeric target's ``achieved_value`` is the one value of
    :func:`analysis.analyses.outcomes.achieved_values` (the outcomes file and the assessment
    reconciled: the latest, where both agree), with ``achieved_date``, ``achieved_source`` (the
    evaluator's source) and ``achieved_in`` (the file it was entered in); ``outcome_table``:
    the outcomes (default the checked file).
    """
    items = goals.framework() if items is None else items
    entries = asm.assessments() if entries is None else entries
    e = current_entries(entries)
    e = e[~e["item_id"].str.startswith(asm.MIRROR_PREFIX + "-")]
    e = e.rename(columns={"source": "evidence_source"}).drop(columns=["goal", "line", "file"], errors="ignore")
    out = items.merge(e, on=["project_id", "item_id"], how="left", validate="one_to_one")
    out.insert(out.columns.get_loc("document"), "source",
               [goals.cite(r) for _, r in items.iterrows()])
    out["rating"] = out["rating"].astype("Int64")
    out["status"] = [status_label(r) for r in out["rating"]]
    out = _reconciled_values(out, entries, outcome_table)
    out["attainment"] = out["achieved_value"] / out["value"]
    return _in_start_order(out)


def _in_start_order(df: pd.DataFrame) -> pd.DataFrame:
    """The rows grouped by project in start-date order (the framework's order within each);
    items of projects the project table does not know (a test's own frame) keep their order."""
    from .financing import project_order

    present = list(dict.fromkeys(df["project_id"]))
    try:
        rank = {p: i for i, p in enumerate(project_order(present))}
    except ParameterError:
        return df
    return df.sort_values("project_id", key=lambda c: c.map(rank), kind="stable").reset_index(drop=True)


def _reconciled_values(out: pd.DataFrame, entries: pd.DataFrame,
                       outcome_table: pd.DataFrame | None) -> pd.DataFrame:
    from .outcomes import achieved_values

    numeric = out[out["kind"] == "numeric_target"]
    targets = pd.DataFrame({"project_id": numeric["project_id"], "target_id": numeric["item_id"],
                            "unit": numeric["unit"]})
    values = achieved_values(outcome_table, entries, targets).set_index(["project_id", "target_id"])
    key = list(zip(out["project_id"], out["item_id"]))
    is_target = (out["kind"] == "numeric_target").tolist()
    for col, src in (("achieved_value", "achieved_value"), ("achieved_date", "reported_date"),
                     ("achieved_source", "source"), ("achieved_in", "entered_in")):
        own = out[col].tolist() if col == "achieved_value" else [None] * len(out)
        out[col] = [values.at[k, src] if t and k in values.index else (None if t else v)
                    for k, t, v in zip(key, is_target, own)]
    out["achieved_value"] = pd.to_numeric(out["achieved_value"]).astype(float)
    return out


def coverage(status: pd.DataFrame) -> pd.DataFrame:
    """Per project and goal level: items, assessed, not assessed, weak (rating ≤ 2)."""
    s = status.assign(assessed=status["rating"].notna(),
                      weak=status["rating"].fillna(99) <= asm.WEAK_MAX)
    order = list(goals.KIND_LABELS.values())
    out = (s.groupby(["project_id", "kind_label"], sort=False)
           .agg(items=("item_id", "size"), assessed=("assessed", "sum"), weak=("weak", "sum"))
           .reset_index())
    out["not_assessed"] = out["items"] - out["assessed"]
    out["_k"] = out["kind_label"].map({k: i for i, k in enumerate(order)})
    return out.sort_values(["project_id", "_k"]).drop(columns="_k").reset_index(drop=True)


def _level_rows(focus: str, df: pd.DataFrame, indicators) -> list[dict]:
    from . import mirror

    rows = []
    for indicator, make in indicators:
        try:
            cs = make(indicator).set_index("county_code")
        except ParameterError:
            continue
        if focus not in cs.index or pd.isna(cs.at[focus, "value"]):
            continue
        r = cs.loc[focus]
        if pd.notna(r["rank"]):
            weak = in_bottom_third(r["rank"], r["n_counties"])
        else:
            weak = pd.notna(r["percentile"]) and r["percentile"] <= 100 * BOTTOM_SHARE + 1e-9
        if weak:
            rows.append({"indicator": indicator, "area": r["label"], "period": r["period"],
                         "test": "nedre tredjedelen", "rank": r["rank"],
                         "n_counties": r["n_counties"], "percentile": r["percentile"],
                         "comparison": None, "sensitivity": None, "scale": "län",
                         "evidence_source": f"{r['source']} ({r['vintage']})"})
    return rows


def _nuts2_level_rows(focus: str, df: pd.DataFrame) -> list[dict]:
    """ÖMS's weak levels and growth among the eight NUTS 2 regions (the lower third by rank)."""
    from .mirror.nuts2_peers import nuts2_ranks, nuts2_tidy

    ranks = nuts2_ranks(df)
    sources = nuts2_tidy(df).groupby("indicator")["source"].agg(
        lambda s: "; ".join(dict.fromkeys(s.astype(str))))
    rows = []
    for _, r in ranks[ranks["nuts2_code"] == focus].iterrows():
        n = int(r["n_regions"])
        if in_bottom_third(r["rank"], n):
            indicator = r["measure"].removesuffix("_growth")
            rows.append({"indicator": r["measure"], "area": r["label"], "period": r["period"],
                         "test": "nedre tredjedelen", "rank": r["rank"], "n_counties": n,
                         "percentile": None, "comparison": None, "sensitivity": None,
                         "scale": "NUTS 2-regioner",
                         "evidence_source": sources.get(indicator, "")})
    return rows


@build_cached
def mirror_weak_areas(focus: str = OMS_CODE, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indicators where ``focus`` is in the bottom third or grows clearly slower than its peers
    (the rule in the module's docstring, :func:`weak_rule`).

    Columns: ``weak_id`` (``SPEGLING-<focus>-<indicator>``, the id an action is entered under),
    ``region`` (the focus), ``indicator, area, period, test, rank, n_counties, percentile,
    comparison`` (the :class:`GrowthComparison` of a growth gap), ``sensitivity`` (its
    :class:`GrowthSensitivity`), ``evidence_source, scale``.
    """
    from . import mirror
    from .mirror.sensitivity import growth_sensitivity

    from ..core.params import region_focus

    df = mirror.data_or_default(data)
    focus = region_focus(focus)  # a Focus comes through unchanged
    if focus.is_nuts2:
        rows = _nuts2_level_rows(focus, df)
    else:
        rows = _level_rows(focus, df, [(i, lambda i: mirror.cross_section(i, data=df))
                                       for i in WEAK_LEVELS])
        rows += _level_rows(focus, df, [(i, lambda i: mirror.growth(i, data=df))
                                        for i in mirror.GROWTH_INDICATORS])
    peers = mirror.similar_regions(focus, data=df).peers
    # ÖMS is compared with the NUTS 2 regions most like it, a county with counties
    peers_word, scale = (("jämförelseregionerna", "NUTS 2-regioner") if focus.is_nuts2
                         else ("jämförelselänen", "län"))
    for indicator in mirror.GROWTH_INDICATORS:
        try:
            g = mirror.growth_comparison(indicator, focus, peers, data=df)
            sensitivity = growth_sensitivity(indicator, focus, peers, data=df)
        except ParameterError:
            continue
        if g.difference <= -GROWTH_GAP:  # clearly slower; the evidence says how certain
            rows.append({"indicator": indicator,
                         "area": f"{mirror.indicator_label(indicator)}, tillväxt mot {peers_word}",
                         "period": f"{g.first_year}–{g.last_year}", "test": f"efter {peers_word}",
                         "rank": None, "n_counties": None, "percentile": None, "comparison": g,
                         "sensitivity": sensitivity, "scale": scale,
                         "evidence_source": "; ".join(dict.fromkeys(
                             df.loc[df["indicator"] == indicator, "source"].astype(str)))})
    out = pd.DataFrame(rows, columns=["indicator", "area", "period", "test", "rank", "n_counties",
                                      "percentile", "comparison", "sensitivity", "evidence_source",
                                      "scale"])
    # one id per indicator: a level or growth weakness and a peer gap share the action row
    out.insert(0, "weak_id", [f"{asm.MIRROR_PREFIX}-{focus}-{i}" for i in out["indicator"]])
    out.insert(1, "region", focus.code)
    return out


def all_mirror_weak_areas(focus: str = OMS_CODE) -> pd.DataFrame:
    """:func:`mirror_weak_areas` of every region in :func:`weak_regions`, one after the other."""
    frames = [mirror_weak_areas(r) for r in weak_regions(focus)]
    return pd.concat(frames, ignore_index=True) if frames else mirror_weak_areas(focus)


def weak_areas(describe, focus: str = OMS_CODE, status: pd.DataFrame | None = None,
               entries: pd.DataFrame | None = None,
               mirror_weak: pd.DataFrame | None = None) -> pd.DataFrame:
    """The action plan's rows: low ratings (1–2) and the mirror's weak areas, with their
    evidence and the åtgärd, ansvarig, tidpunkt entered for them (empty = not yet filled in).

    ``describe(row)`` writes the evidence of one row of :func:`mirror_weak_areas` (the sentence
    belongs to the narrative layer, which calls this through
    :func:`analysis.narrative.selfevaluation_findings.weak_areas`); a rating's evidence is the
    evaluator's own text.

    Columns: ``weak_id, origin`` (``bedömning`` / ``spegling``), ``region`` (the mirror's region,
    empty for a rating), ``project_id, area, evidence, evidence_source, action, responsible, due``.
    """
    entries = asm.assessments() if entries is None else entries
    status = status_table(entries=entries) if status is None else status
    mirror_weak = all_mirror_weak_areas(focus) if mirror_weak is None else mirror_weak
    low = status[status["rating"].fillna(99) <= asm.WEAK_MAX]
    rows = [{"weak_id": r["item_id"], "origin": "bedömning", "region": "", "indicator": "",
             "project_id": r["project_id"],
             "area": f"{r['kind_label']}: {r['title']} (betyg {r['status']})",
             "evidence": r["evidence"], "evidence_source": r["evidence_source"],
             "action": r["action"], "responsible": r["responsible"], "due": r["due"]}
            for _, r in low.iterrows()]
    actions = entries.set_index("item_id")
    mirror_project = asm.mirror_project() if len(mirror_weak) else ""
    for wid, g in mirror_weak.groupby("weak_id", sort=False):
        a = actions.loc[wid] if wid in actions.index else None
        region = g["region"].iloc[0]
        rows.append({"weak_id": wid, "origin": "spegling", "region": region,
                     "indicator": g["indicator"].iloc[0],
                     "project_id": mirror_project,
                     "area": f"{region_name(region)}: {g['area'].iloc[0]}",
                     "evidence": " ".join(describe(row) for _, row in g.iterrows()),
                     "evidence_source": "; ".join(dict.fromkeys(g["evidence_source"])),
                     **{c: (a[c] if a is not None else "") for c in ("action", "responsible", "due")}})
    out = pd.DataFrame(rows, columns=["weak_id", "origin", "region", "indicator", "project_id",
                                      "area", "evidence",
                                      "evidence_source", "action", "responsible", "due"])
    for c in ("action", "responsible", "due"):
        out[c] = out[c].fillna("").astype(str)
    return out
