"""Continuous follow-up: the records of issued reports and what changed between two of them.

A *record* (``data/issued/<möte>_<fokus>.json``, written by ``python -m analysis utge``,
:mod:`analysis.pipeline.issue`) keeps what an issued report said: the key figures (budget totals,
financing shares, the focus region's positions in the mirroring), each goal's status and rating
with its date, the weak areas, the action plan's rows and the vintage of every statistic used.
Plain JSON with sorted keys, so that a change reads as a diff in git.

This module holds numbers and frames only (no prose): :func:`snapshot` (the state the report
shows now, in the record's shape), :func:`load_record` and :func:`issued_records` (read and check
records: format version, checksum, the chain of records), :func:`last_record` and
:func:`compare_records` (one row per change, each with a cause code of :data:`CAUSES`). The
sentences are in :mod:`analysis.narrative.followup_text`.

Integrity: every record carries :data:`FORMAT_VERSION`, a SHA-256 checksum of its content and the
file name and checksum of the record issued before it (``previous``). An edited record, a record
whose predecessor is gone, a renamed file and a record of another format version each stop with a
:class:`~analysis.core.errors.DataError` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import paths
from ..core.errors import DataError
from ..core.regions import OMS_CODE

FORMAT_VERSION = 1
RECORD_KIND = "oms-utgiven-rapport"
_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<focus>SE12|\d\d)\.json$")
_SIGNIFICANT = 8   # stored floats: enough for every figure shown, and no processor's last digits

#: cause code -> what kind of thing changed (the narrative layer words them)
CAUSES: dict[str, str] = {
    "new_vintage": "statistics",          # a statistic's latest year or vintage, a new dataset
    "data_revised": "statistics",         # a key statistic changed without a new vintage
    "decision_changed": "figures",        # a budget total or financing share changed
    "project_new": "figures",             # a project in the register that the record lacks
    "project_gone": "figures",
    "goal_new": "goals",                  # a goal the record did not have (a new decision)
    "goal_gone": "goals",
    "rating_new": "goals",                # ej bedömt -> rated
    "rating_changed": "goals",            # another rating
    "rating_removed": "goals",            # rated -> ej bedömt
    "rating_redated": "goals",            # assessed again, the same rating
    "weak_new": "weak_areas",
    "weak_gone": "weak_areas",
    "action_new": "actions",              # an action entered for a weak area
    "action_changed": "actions",          # action, responsible or due changed
    "action_removed": "actions",
    "action_overdue": "actions",          # due date passed since the last report, no follow-up
}
CHANGE_COLUMNS = ["cause", "topic", "project_id", "key", "label", "before", "after", "date",
                  "new_vintage"]


# --- where records are ---------------------------------------------------------------------------

def issued_directory(directory: str | Path | None = None) -> Path:
    """``directory``, else ``$OMS_ISSUED_DIR``, else ``data/issued/`` (relative to the root)."""
    if directory is None:
        return paths.issued_dir()
    d = Path(directory)
    return d if d.is_absolute() else paths.ROOT / d


def record_name(meeting: date | str, focus: str) -> str:
    return f"{pd.Timestamp(meeting).date().isoformat()}_{focus}.json"


# --- the state the report shows -------------------------------------------------------------------

def _num(value, digits: int = _SIGNIFICANT):
    """A number as stored: None for missing, an int stays an int (a rank 5.0 too), a float is
    rounded to ``digits`` significant digits."""
    if value is None or pd.isna(value):
        return None
    v = float(value)
    if isinstance(value, (int, np.integer)) or (v.is_integer() and abs(v) < 1e15
                                                 and not isinstance(value, (float, np.floating))):
        return int(v)
    return float(f"{v:.{digits}g}")


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def key_figures(focus: str = OMS_CODE) -> dict:
    """Budget totals per project, the financing shares and the focus region's key statistics."""
    from ..core.regions import oms_county_codes
    from ..tables import budgets
    from . import financing

    lines = budgets.budget_lines()
    c = financing.contributions()
    codes = oms_county_codes() if focus == OMS_CODE else [focus]
    projects = []
    for pid in budgets.projects()["project_id"]:
        own = c[c["project_id"] == pid]
        cost = lines[(lines["project_id"] == pid) & (lines["table"] == "cost")]
        erdf = own[own["funding_source"] == financing.ERDF_SOURCE]
        part = own[own["county_code"].isin(codes)]
        projects.append({"project_id": pid, "cost_total_sek": int(cost["amount_sek"].sum()),
                         "erdf_sek": int(erdf["amount_sek"].sum()),
                         "erdf_share": _num(erdf["share_of_total"].sum()),
                         "focus_sek": int(part["amount_sek"].sum()),
                         "focus_share": _num(part["share_of_total"].sum())})
    shares = [{"project_id": r["project_id"], "financier": str(r["category"]),
               "funding_source": _text(r["funding_source"]), "amount_sek": int(r["amount_sek"]),
               "share": _num(r["share_of_total"])} for _, r in c.iterrows()]
    return {"budgets": projects, "financing": shares, "statistics": key_statistics(focus)}


def key_statistics(focus: str = OMS_CODE) -> list[dict]:
    """The focus region's position on each measure the weak-area rule tests: ÖMS among the eight
    NUTS 2 regions, a county among the 21 counties (levels per inhabitant and growth)."""
    from ..core.errors import ParameterError
    from . import mirror
    from .selfevaluation import WEAK_LEVELS

    rows = []
    if focus == OMS_CODE:
        from .mirror.nuts2_peers import nuts2_ranks

        for _, r in nuts2_ranks()[lambda d: d["nuts2_code"] == focus].iterrows():
            rows.append({"measure": r["measure"], "label": r["label"], "period": str(r["period"]),
                         "value": _num(r["value"]), "rank": _int(r["rank"]),
                         "of": _int(r["n_regions"]), "scale": "NUTS 2-regioner", "vintage": None})
        return rows
    makers = [(i, lambda i: mirror.cross_section(i)) for i in WEAK_LEVELS]
    makers += [(i, lambda i: mirror.growth(i)) for i in mirror.GROWTH_INDICATORS]
    for indicator, make in makers:
        try:
            cs = make(indicator).set_index("county_code")
        except ParameterError:
            continue
        if focus not in cs.index:
            continue
        r = cs.loc[focus]
        rows.append({"measure": r["measure"], "label": r["label"], "period": str(r["period"]),
                     "value": _num(r["value"]), "rank": _int(r["rank"]),
                     "of": _int(r.get("n_counties")), "scale": "län", "vintage": _text(r["vintage"])})
    return rows


def vintages() -> dict:
    """Every statistic's latest year and vintage (:func:`analysis.analyses.vintage.indicator_vintages`)
    and every statistics dataset of the catalog with its vintage."""
    from ..sources.catalog import catalog
    from .vintage import indicator_vintages

    v = indicator_vintages()
    indicators = [{"indicator": r["indicator"], "label": r["label"],
                   "latest_year": _text(r["latest_year"]), "vintage": _text(r["vintage"]) or None}
                  for _, r in v.iterrows()]
    datasets = [{"dataset": name, "title": str(e.get("title", "")), "vintage": str(e.get("vintage", "")),
                 "path": str(e.get("path", ""))}
                for name, e in sorted(catalog().items()) if e.get("area") == "indikatorer"]
    return {"indicators": indicators, "datasets": datasets}


def snapshot(focus: str = OMS_CODE, describe=None, *, status: pd.DataFrame | None = None,
             entries: pd.DataFrame | None = None, mirror_weak: pd.DataFrame | None = None) -> dict:
    """What the report for ``focus`` shows now, in the shape of a record's content.

    ``describe(row)`` writes a mirror weak area's evidence (the narrative layer's
    :func:`analysis.narrative.selfevaluation_findings.mirror_evidence`); without it the evidence
    of mirror weak areas is left empty. Evidence is kept for the reader of a record; it is never
    compared.
    """
    from ..core.params import check_focus
    from ..tables import assessment as asm
    from . import selfevaluation as se

    focus = check_focus(focus)
    entries = asm.assessments() if entries is None else entries
    status = se.status_table(entries=entries) if status is None else status
    weak = se.weak_areas(describe or (lambda row: ""), focus, status, entries, mirror_weak)
    goals_rows = [{"project_id": r["project_id"], "item_id": r["item_id"], "kind": r["kind"],
                   "level": r["kind_label"], "title": _text(r["title"]),
                   "rating": _int(r["rating"]), "status": r["status"],
                   "date": None if pd.isna(r["date"]) else pd.Timestamp(r["date"]).date().isoformat()}
                  for _, r in status.iterrows()]
    weak_rows = [{"weak_id": r["weak_id"], "origin": r["origin"], "project_id": r["project_id"],
                  "area": _text(r["area"]), "evidence": _text(r["evidence"]) or "",
                  "evidence_source": _text(r["evidence_source"]) or ""} for _, r in weak.iterrows()]
    actions = [{"weak_id": r["weak_id"], "project_id": r["project_id"], "area": _text(r["area"]),
                "action": r["action"], "responsible": r["responsible"], "due": r["due"]}
               for _, r in weak.iterrows() if r["action"]]
    return {"focus": focus, "key_figures": key_figures(focus), "goals": goals_rows,
            "weak_areas": weak_rows, "action_plan": actions, "vintages": vintages()}


# --- reading and checking records -----------------------------------------------------------------

def canonical(content: dict) -> bytes:
    """The bytes a checksum is taken over: the record without its checksum, sorted keys."""
    body = {k: v for k, v in content.items() if k != "checksum"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def checksum(content: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical(content)).hexdigest()


def dumps(content: dict) -> str:
    """A record as it is stored: indented JSON with sorted keys (reviewable in a diff)."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class Record:
    """One issued report's record, read and checked (:func:`load_record`)."""

    path: Path
    data: dict = field(repr=False)

    @property
    def meeting(self) -> date:
        return date.fromisoformat(self.data["meeting_date"])

    @property
    def focus(self) -> str:
        return self.data["focus"]

    @property
    def issued_by(self) -> str:
        return self.data["issued_by"]

    @property
    def issued_at(self) -> str:
        return self.data["issued_at"]

    @property
    def name(self) -> str:
        return self.path.name

    def table(self, part: str) -> pd.DataFrame:
        """One part as a frame: ``goals``, ``weak_areas``, ``action_plan``, ``budgets``,
        ``financing``, ``statistics``, ``indicators`` (vintages) or ``datasets``."""
        return part_table(self.data, part)


def part_table(content: dict, part: str) -> pd.DataFrame:
    if part in ("budgets", "financing", "statistics"):
        rows = content["key_figures"][part]
    elif part in ("indicators", "datasets"):
        rows = content["vintages"][part]
    elif part in ("goals", "weak_areas", "action_plan"):
        rows = content[part]
    else:
        raise KeyError(f"okänd del {part!r}")
    return pd.DataFrame(rows)


_REQUIRED = ("format_version", "kind", "meeting_date", "focus", "issued_by", "issued_at",
             "previous", "key_figures", "goals", "weak_areas", "action_plan", "vintages", "checksum")


def load_record(path: str | Path) -> Record:
    """Read one record and check it; every problem is a :class:`DataError` naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "den utgivna rapportens post saknas") from None
    except UnicodeDecodeError:
        raise DataError(path, None, "posten är inte sparad som UTF-8; den har ändrats efter "
                                    "utgivningen (hämta den ur git)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(path, err.lineno, "posten är ingen giltig JSON; den har ändrats efter "
                                          "utgivningen (hämta den ur git)") from None
    if not isinstance(data, dict) or data.get("kind") != RECORD_KIND:
        raise DataError(path, None, "filen är ingen post över en utgiven rapport")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        written = data.get("project_version", "okänd")
        raise DataError(path, None, f"posten har postformat {version} (skriven av projektversion "
                                    f"{written}); den här versionen av projektet läser bara "
                                    f"postformat {FORMAT_VERSION}. Använd den projektversion "
                                    "som skrev posten, eller en som kan läsa dess format")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise DataError(path, None, f"posten saknar fälten {', '.join(missing)}; den har ändrats "
                                    "efter utgivningen (hämta den ur git)")
    if data["checksum"] != checksum(data):
        raise DataError(path, None, "posten har ändrats efter att rapporten gavs ut (kontrollsumman "
                                    "stämmer inte). En utgiven rapports post ändras aldrig: hämta "
                                    "den ur git (git checkout -- filen)")
    m = _NAME.match(path.name)
    if m is None or (m["date"], m["focus"]) != (data["meeting_date"], data["focus"]):
        raise DataError(path, None, f"filnamnet stämmer inte med posten (möte {data['meeting_date']}, "
                                    f"fokus {data['focus']}); posten ska heta "
                                    f"{record_name(data['meeting_date'], data['focus'])}")
    return Record(path, data)


def issued_records(directory: str | Path | None = None, focus: str | None = None) -> list[Record]:
    """Every record in the folder, checked, in the order they were issued (then by meeting).

    The chain is checked too: each record names the record issued before it, and that file
    must be there with the same checksum (a deleted or replaced record is a DataError naming it).
    ``focus``: only that focus's records (the chain is still checked over all).
    """
    d = issued_directory(directory)
    if not d.is_dir():
        return []
    records = [load_record(p) for p in sorted(d.glob("*.json"))]
    by_name = {r.name: r for r in records}
    for r in records:
        prev = r.data["previous"]
        if prev is None:
            continue
        before = by_name.get(prev.get("file"))
        if before is None:
            raise DataError(d / prev.get("file", "?"), None,
                            f"posten saknas, men {r.name} bygger på den (utgiven före den). "
                            "En utgiven rapports post tas aldrig bort: hämta den ur git")
        if before.data["checksum"] != prev.get("checksum"):
            raise DataError(before.path, None, f"posten är inte den som {r.name} bygger på "
                                               "(kontrollsumman skiljer sig); hämta den ur git")
    records.sort(key=lambda r: (r.issued_at, r.data["meeting_date"], r.name))
    return [r for r in records if focus is None or r.focus == focus]


def last_record(focus: str, directory: str | Path | None = None) -> tuple[Record | None, list[Record]]:
    """The latest record for ``focus`` (by meeting date) and the records of other focuses."""
    records = issued_records(directory)
    own = [r for r in records if r.focus == focus]
    others = [r for r in records if r.focus != focus]
    latest = max(own, key=lambda r: (r.meeting, r.issued_at)) if own else None
    return latest, others


def records_table(records: list[Record]) -> pd.DataFrame:
    """One row per record, for notebooks: file, meeting, focus, issued by and when."""
    return pd.DataFrame({"fil": [r.name for r in records],
                         "möte": [r.data["meeting_date"] for r in records],
                         "fokus": [r.focus for r in records],
                         "utgiven av": [r.issued_by for r in records],
                         "utgiven": [r.issued_at for r in records]})


# --- what changed ---------------------------------------------------------------------------------

def due_date(due: str) -> date | None:
    """The last day an action's ``due`` (``ÅÅÅÅ-MM`` or ``ÅÅÅÅ-MM-DD``) covers."""
    if not due:
        return None
    if len(due) == 7:
        return (pd.Timestamp(f"{due}-01") + pd.offsets.MonthEnd(0)).date()
    return date.fromisoformat(due)


def _content(x) -> dict:
    if isinstance(x, Record):
        return x.data
    if isinstance(x, (str, Path)):
        return load_record(x).data
    return x


def _as_of(content: dict, as_of) -> date:
    if as_of is not None:
        return pd.Timestamp(as_of).date()
    if content.get("meeting_date"):
        return date.fromisoformat(content["meeting_date"])
    return date.today()


def _row(cause, key, label, before=None, after=None, project_id=None, when=None, new_vintage=False):
    return {"cause": cause, "topic": CAUSES[cause], "project_id": project_id, "key": key,
            "label": label, "before": before, "after": after, "date": when,
            "new_vintage": new_vintage}


def _base_indicator(measure: str) -> str:
    return measure.removesuffix("_growth")


def compare_records(a, b, *, as_of_a=None, as_of_b=None) -> pd.DataFrame:
    """What changed from ``a`` (the earlier report) to ``b`` (a later one, or the state now from
    :func:`snapshot`): one row per change, columns :data:`CHANGE_COLUMNS`, ``cause`` one of
    :data:`CAUSES`.

    ``a`` and ``b`` are records, paths of records or contents, for the same focus and ``a`` the
    earlier (else a :class:`ParameterError` in Swedish). An action is overdue
    (``action_overdue``) when its due date passed after ``a``'s date and by ``b``'s date
    (meeting dates; ``as_of_a``/``as_of_b`` override, the state now uses today) and its goal has
    no rating dated on or after the due date (a mirror weak area that is still weak has no
    follow-up by definition).
    """
    from ..core.errors import ParameterError

    a, b = _content(a), _content(b)
    if a.get("focus") != b.get("focus"):
        raise ParameterError(f"Posterna gäller olika fokus ({a.get('focus')} och {b.get('focus')}); "
                             "bara rapporter med samma fokus jämförs, eftersom de visar olika "
                             "regioners siffror.")
    day_a, day_b = _as_of(a, as_of_a), _as_of(b, as_of_b)
    if day_b < day_a:
        raise ParameterError(f"Den första posten ({day_a}) ska vara den tidigare och den andra "
                             f"({day_b}) den senare; byt plats på dem.")
    rows: list[dict] = []

    # statistics: vintages first, so that changed values can say they come with new data
    new_vintage: set[str] = set()
    ia = {r["indicator"]: r for r in a["vintages"]["indicators"]}
    for r in b["vintages"]["indicators"]:
        old = ia.get(r["indicator"])
        if old is None or (old["latest_year"], old["vintage"]) != (r["latest_year"], r["vintage"]):
            new_vintage.add(r["indicator"])
            rows.append(_row("new_vintage", r["indicator"], r["label"],
                             None if old is None else old["latest_year"], r["latest_year"],
                             new_vintage=True))
    da = {r["dataset"]: r for r in a["vintages"]["datasets"]}
    for r in b["vintages"]["datasets"]:
        old = da.get(r["dataset"])
        if old is None or old["vintage"] != r["vintage"]:
            rows.append(_row("new_vintage", r["dataset"], r["title"],
                             None if old is None else old["vintage"], r["vintage"], new_vintage=True))
    sa = {r["measure"]: r for r in a["key_figures"]["statistics"]}
    for r in b["key_figures"]["statistics"]:
        old = sa.get(r["measure"])
        fields = ("period", "value", "rank", "of")
        if old is not None and all(old[f] == r[f] for f in fields):
            continue
        nv = (_base_indicator(r["measure"]) in new_vintage or old is None
              or old.get("period") != r["period"] or old.get("vintage") != r.get("vintage"))
        rows.append(_row("new_vintage" if nv else "data_revised", r["measure"], r["label"],
                         None if old is None else old, r, new_vintage=nv))

    # budgets and financing: from the decisions
    ba = {r["project_id"]: r for r in a["key_figures"]["budgets"]}
    bb = {r["project_id"]: r for r in b["key_figures"]["budgets"]}
    for pid in bb.keys() - ba.keys():
        rows.append(_row("project_new", pid, pid, None, bb[pid], project_id=pid))
    for pid in ba.keys() - bb.keys():
        rows.append(_row("project_gone", pid, pid, ba[pid], None, project_id=pid))
    for pid in [p for p in bb if p in ba]:
        for f in ("cost_total_sek", "erdf_sek", "erdf_share", "focus_sek", "focus_share"):
            if ba[pid].get(f) != bb[pid].get(f):
                rows.append(_row("decision_changed", f, f, ba[pid].get(f), bb[pid].get(f),
                                 project_id=pid))
    fa = {(r["project_id"], r["financier"], r["funding_source"]): r for r in a["key_figures"]["financing"]}
    fb = {(r["project_id"], r["financier"], r["funding_source"]): r for r in b["key_figures"]["financing"]}
    for k in sorted(fa.keys() | fb.keys(), key=str):
        if k[0] in (bb.keys() ^ ba.keys()):
            continue  # a whole project came or went: said once
        old, new = fa.get(k), fb.get(k)
        if old is None or new is None or (old["amount_sek"], old["share"]) != (new["amount_sek"], new["share"]):
            rows.append(_row("decision_changed", "financing", k[1], old, new, project_id=k[0]))

    # goals and ratings
    ga = {(r["project_id"], r["item_id"]): r for r in a["goals"]}
    gb = {(r["project_id"], r["item_id"]): r for r in b["goals"]}

    def goal_label(r):
        return f"{r['level']}: {r['title']}" if r.get("level") else r["title"]

    for k, r in gb.items():
        old = ga.get(k)
        if old is None:
            rows.append(_row("goal_new", k[1], goal_label(r), None, r["status"], k[0], r["date"]))
            if r["rating"] is not None:
                rows.append(_row("rating_new", k[1], goal_label(r), None, r["status"], k[0], r["date"]))
            continue
        if old["rating"] is None and r["rating"] is not None:
            cause = "rating_new"
        elif old["rating"] is not None and r["rating"] is None:
            cause = "rating_removed"
        elif old["rating"] != r["rating"]:
            cause = "rating_changed"
        elif old["rating"] is not None and old["date"] != r["date"]:
            cause = "rating_redated"
        else:
            continue
        rows.append(_row(cause, k[1], goal_label(r), old["status"], r["status"], k[0], r["date"]))
    for k in ga.keys() - gb.keys():
        rows.append(_row("goal_gone", k[1], goal_label(ga[k]), ga[k]["status"], None, k[0]))

    # weak areas
    wa = {r["weak_id"]: r for r in a["weak_areas"]}
    wb = {r["weak_id"]: r for r in b["weak_areas"]}
    for wid, r in wb.items():
        if wid not in wa:
            rows.append(_row("weak_new", wid, r["area"], None, r["origin"], r["project_id"],
                             new_vintage=_base_indicator(wid.split("-", 2)[-1]) in new_vintage
                             if r["origin"] == "spegling" else False))
    for wid, r in wa.items():
        if wid not in wb:
            rows.append(_row("weak_gone", wid, r["area"], r["origin"], None, r["project_id"],
                             new_vintage=_base_indicator(wid.split("-", 2)[-1]) in new_vintage
                             if r["origin"] == "spegling" else False))

    # the action plan
    aa = {r["weak_id"]: r for r in a["action_plan"]}
    ab = {r["weak_id"]: r for r in b["action_plan"]}
    fields = ("action", "responsible", "due")
    for wid, r in ab.items():
        old = aa.get(wid)
        if old is None:
            rows.append(_row("action_new", wid, r["area"], None, r, r["project_id"], r["due"]))
        elif any(old[f] != r[f] for f in fields):
            rows.append(_row("action_changed", wid, r["area"], old, r, r["project_id"], r["due"]))
    for wid, r in aa.items():
        if wid not in ab and wid in wb:
            rows.append(_row("action_removed", wid, r["area"], r, None, r["project_id"], r["due"]))
    rated = {r["item_id"]: r for r in b["goals"]}
    for wid, r in ab.items():
        due = due_date(r["due"])
        if due is None or not (day_a < due < day_b):
            continue
        goal = rated.get(wid)
        followed = (goal is not None and goal["date"] is not None
                    and date.fromisoformat(goal["date"]) >= due)
        if not followed:
            rows.append(_row("action_overdue", wid, r["area"], None, r, r["project_id"], r["due"]))

    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {c: i for i, c in enumerate(CAUSES)}
    # grouped by cause; within a cause in the order of the report (framework, plan, vintages)
    return (out.assign(_o=out["cause"].map(order)).sort_values("_o", kind="stable")
            .drop(columns="_o").reset_index(drop=True))
