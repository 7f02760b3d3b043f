"""Självvärdering: the results framework with each item's status, and the weak areas.

Numbers and frames only (the sentences are in :mod:`analysis.selfevaluation_findings`, the
figure in :mod:`analysis.selfevaluation_figures`). Nothing is estimated: an item without a
rating in the entry file is "ej bedömt", and a weak area is either a rating of 1 or 2 in the
evaluator's file or a position the mirroring computes (:mod:`analysis.mirror`):

- **bottom third**: for a county, a rank in the lower third of the 21 counties (plats 15–21);
  for ÖMS as a whole, which is not ranked, a value higher than or equal to at most a third of
  the counties' (percentile ≤ 33,3). Level measures per inhabitant and the growth measures.
- **behind its peers**: :func:`analysis.mirror.growth_comparison` says the region grows
  more slowly than its most similar counties ("långsammare", the 95 % interval below zero).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import assessment as asm
from . import goals
from .cache import build_cached
from .regions import OMS_CODE

# The per-inhabitant level measures the mirror chapter places (population is a size, not a
# strength or weakness).
WEAK_LEVELS: tuple[str, ...] = ("grp_per_inhabitant_ksek", "rd_business_per_inhabitant",
                                "rd_public_per_inhabitant", "rd_higher_education_per_inhabitant",
                                "innovation_index_reglab")
BOTTOM_SHARE = 1 / 3
NOT_FILLED = "ej ifyllt"


def status_label(rating) -> str:
    """'3 – till stor del uppnått', or 'ej bedömt'."""
    if pd.isna(rating):
        return asm.NOT_ASSESSED
    return f"{int(rating)} – {asm.SCALE[int(rating)][0]}"


def status_table(items: pd.DataFrame | None = None,
                 entries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every framework item with its assessment (one row per item, in the framework's order).

    Adds ``source`` (document and lines), ``rating`` (Int64, NA = ej bedömt), ``status``,
    ``evidence``, ``evidence_source``, ``date``, ``achieved_value``, ``attainment`` (achieved /
    target value), ``women``, ``men``, the horizontal answers and the action columns.
    """
    items = goals.framework() if items is None else items
    entries = asm.assessments() if entries is None else entries
    e = entries[~entries["item_id"].str.startswith(asm.MIRROR_PREFIX + "-")]
    e = e.rename(columns={"source": "evidence_source"}).drop(columns=["goal", "line"])
    out = items.merge(e, on=["project_id", "item_id"], how="left", validate="one_to_one")
    out.insert(out.columns.get_loc("document"), "source",
               [goals.cite(r) for _, r in items.iterrows()])
    out["rating"] = out["rating"].astype("Int64")
    out["status"] = [status_label(r) for r in out["rating"]]
    out["attainment"] = out["achieved_value"] / out["value"]
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
        except mirror.ParameterError:
            continue
        if focus not in cs.index or pd.isna(cs.at[focus, "value"]):
            continue
        r = cs.loc[focus]
        if pd.notna(r["rank"]):
            n = int(r["n_counties"])
            weak = int(r["rank"]) > n - int(n * BOTTOM_SHARE)
        else:
            weak = pd.notna(r["percentile"]) and r["percentile"] <= 100 * BOTTOM_SHARE + 1e-9
        if weak:
            rows.append({"indicator": indicator, "area": r["label"], "period": r["period"],
                         "test": "nedre tredjedelen",
                         "evidence": f"{r['label']} ({r['period']}): {mirror.describe_position(r)}.",
                         "evidence_source": f"{r['source']} ({r['vintage']})"})
    return rows


@build_cached
def mirror_weak_areas(focus: str = OMS_CODE, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indicators where ``focus`` is in the bottom third of the counties or behind its peers.

    Columns: ``weak_id`` (``SPEGLING-<focus>-<indicator>``, the id an action is entered under),
    ``indicator, area, period, test, evidence, evidence_source``.
    """
    from . import mirror

    df = mirror._table(data)
    focus = mirror._check_region(focus)
    rows = _level_rows(focus, df, [(i, lambda i: mirror.cross_section(i, data=df))
                                   for i in WEAK_LEVELS])
    rows += _level_rows(focus, df, [(i, lambda i: mirror.growth(i, data=df))
                                    for i in mirror.GROWTH_INDICATORS])
    peers = mirror.similar_regions(focus, data=df).peers
    for indicator in mirror.GROWTH_INDICATORS:
        try:
            g = mirror.growth_comparison(indicator, focus, peers, data=df)
        except mirror.ParameterError:
            continue
        if g.verdict == "långsammare":
            rows.append({"indicator": indicator,
                         "area": f"{mirror.indicator_label(indicator)}, tillväxt mot jämförelselänen",
                         "period": f"{g.first_year}–{g.last_year}", "test": "efter jämförelselänen",
                         "evidence": g.statement,
                         "evidence_source": "; ".join(dict.fromkeys(
                             df.loc[df["indicator"] == indicator, "source"].astype(str)))})
    out = pd.DataFrame(rows, columns=["indicator", "area", "period", "test", "evidence",
                                      "evidence_source"])
    # one id per indicator: a level or growth weakness and a peer gap share the action row
    out.insert(0, "weak_id", [f"{asm.MIRROR_PREFIX}-{focus}-{i}" for i in out["indicator"]])
    return out


def weak_areas(focus: str = OMS_CODE, status: pd.DataFrame | None = None,
               entries: pd.DataFrame | None = None,
               mirror_weak: pd.DataFrame | None = None) -> pd.DataFrame:
    """The action plan's rows: low ratings (1–2) and the mirror's weak areas, with their
    evidence and the åtgärd, ansvarig, tidpunkt entered for them (empty = not yet filled in).

    Columns: ``weak_id, origin`` (``bedömning`` / ``spegling``), ``project_id, area, evidence,
    evidence_source, action, responsible, due``.
    """
    entries = asm.assessments() if entries is None else entries
    status = status_table(entries=entries) if status is None else status
    mirror_weak = mirror_weak_areas(focus) if mirror_weak is None else mirror_weak
    low = status[status["rating"].fillna(99) <= asm.WEAK_MAX]
    rows = [{"weak_id": r["item_id"], "origin": "bedömning", "project_id": r["project_id"],
             "area": f"{r['kind_label']}: {r['title']} (betyg {r['status']})",
             "evidence": r["evidence"], "evidence_source": r["evidence_source"],
             "action": r["action"], "responsible": r["responsible"], "due": r["due"]}
            for _, r in low.iterrows()]
    actions = entries.set_index("item_id")
    for wid, g in mirror_weak.groupby("weak_id", sort=False):
        a = actions.loc[wid] if wid in actions.index else None
        rows.append({"weak_id": wid, "origin": "spegling", "project_id": asm.MIRROR_PROJECT,
                     "area": g["area"].iloc[0], "evidence": " ".join(g["evidence"]),
                     "evidence_source": "; ".join(dict.fromkeys(g["evidence_source"])),
                     **{c: (a[c] if a is not None else "") for c in ("action", "responsible", "due")}})
    out = pd.DataFrame(rows, columns=["weak_id", "origin", "project_id", "area", "evidence",
                                      "evidence_source", "action", "responsible", "due"])
    for c in ("action", "responsible", "due"):
        out[c] = out[c].fillna("").astype(str)
    return out


def action_plan_table(weak: pd.DataFrame) -> pd.DataFrame:
    """The action plan with Swedish headers; an empty action cell reads 'ej ifyllt'."""
    fill = lambda s: s.where(s.str.strip() != "", NOT_FILLED)  # noqa: E731
    return pd.DataFrame({
        "Id": weak["weak_id"],
        "Område": weak["area"],
        "Hittat i": weak["origin"],
        "Underlag": weak["evidence"],
        "Källa": weak["evidence_source"],
        "Åtgärd": fill(weak["action"]),
        "Ansvarig": fill(weak["responsible"]),
        "Tidpunkt": fill(weak["due"]),
    })


def framework_table(status: pd.DataFrame, project_id: str) -> pd.DataFrame:
    """One project's framework for the report: id, level, goal text, source, value, status."""
    from .formatting import format_number, format_percent

    s = status[status["project_id"] == project_id]
    target = [f"{format_number(v, 0)} {u}" if pd.notna(v) else "" for v, u in zip(s["value"], s["unit"])]
    achieved = [f"{format_number(a, 0 if float(a).is_integer() else 1)} {u} ({format_percent(a / v, 0)})" if pd.notna(a) else
                (asm.NOT_ASSESSED if pd.notna(v) else "")
                for a, v, u in zip(s["achieved_value"], s["value"], s["unit"])]
    return pd.DataFrame({"Id": s["item_id"], "Nivå": s["kind_label"], "Mål i beslutet": s["text"],
                         "Källa": s["source"], "Målvärde": target, "Uppnått": achieved,
                         "Status": s["status"]})


def continuity_table(cont: pd.DataFrame | None = None) -> pd.DataFrame:
    c = goals.continuity() if cont is None else cont
    return pd.DataFrame({
        "REAL ÖMS": [f"{i}: {t}" for i, t in zip(c["real_item"], c["real_title"])],
        "fortsätter": [goals.RELATIONS[r] for r in c["relation"]],
        "ECS3": [f"{i}: {t}" for i, t in zip(c["ecs3_item"], c["ecs3_title"])],
        "Skäl": c["reason"],
        "Källor": [f"{a}; {b}" for a, b in zip(c["real_source"], c["ecs3_source"])],
    })


def entries_dir_label(directory: str | Path | None = None) -> str:
    """'data/assessment' (or the directory in use) for the chapter's prose."""
    from . import paths

    d = asm.assessment_directory(directory).resolve()
    try:
        return str(d.relative_to(paths.ROOT))
    except ValueError:
        return str(d)


def coverage_table(cov: pd.DataFrame) -> pd.DataFrame:
    """What is assessed and what is not, per project and goal level (Swedish headers)."""
    from .financing import project_label
    from .formatting import format_number

    return pd.DataFrame({
        "Projekt": [project_label(p) for p in cov["project_id"]],
        "Nivå": cov["kind_label"],
        "Mål och åtaganden": [format_number(n) for n in cov["items"]],
        "Bedömda": [format_number(n) for n in cov["assessed"]],
        "Ej bedömda": [format_number(n) for n in cov["not_assessed"]],
        "Betyg 1–2": [format_number(n) for n in cov["weak"]],
    })


def horizontal_table(status: pd.DataFrame) -> pd.DataFrame:
    """The horizontal criteria's own questions and the answers (or 'ej bedömt'), with the
    figures by sex where the decision asks for an analysis of the target groups."""
    from .formatting import format_number

    h = status[status["horizontal"]]
    out = {"Id": h["item_id"], "Mål i beslutet": h["title"], "Källa": h["source"],
           "Status": h["status"]}
    for col, (question, _) in asm.HORIZONTAL_QUESTIONS.items():
        out[question] = [a if isinstance(a, str) and a else asm.NOT_ASSESSED for a in h[col]]
    out["Kvinnor / män i målgruppen"] = [
        f"{format_number(w)} / {format_number(m)}" if pd.notna(w) else
        (asm.NOT_ASSESSED if s else "frågas inte") for w, m, s in zip(h["women"], h["men"], h["sex_split"])]
    return pd.DataFrame(out)


def scale_table() -> pd.DataFrame:
    """The rating scale with each step defined."""
    return pd.DataFrame({"Betyg": [str(k) for k in asm.SCALE] + ["tomt"],
                         "Betydelse": [label for label, _ in asm.SCALE.values()] + [asm.NOT_ASSESSED],
                         "Definition": [text for _, text in asm.SCALE.values()]
                         + ["Utvärderaren har ännu inte bedömt målet."]})
