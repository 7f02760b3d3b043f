"""The results framework: every goal level of ECS3 and REAL ÖMS, read from the decision texts.

Nothing here is typed in by hand: the items are the paragraphs and sentences of the decisions'
own sections, found by their headings, with the document and line range they stand on. The
rules are stated here and tested against the documents (``tests/test_goals.py``):

- The text is split into paragraphs at blank lines, at headings (a line that is exactly one of
  :data:`HEADINGS`) and at a line that starts with a space after a non-blank line (how the
  hard-wrapped REAL ÖMS extraction marks a new paragraph). Repeated page headers are skipped
  (:func:`analysis.sources.decisions.page_header_lines`).
- "Övergripande mål" and "Projektmål": the first paragraph is the goal. The numeric targets
  after "Projektet ska också leda till att:" come from :func:`analysis.sources.decisions.parse_decision`
  (ids ``ECS3_1`` … as in ``budgets.project_targets()`` and ``data/outcomes/``).
- "Delmål": one delmål per paragraph. "Delmål och aktiviteter" (REAL ÖMS): a paragraph opening
  with a result word (:data:`RESULT_OPENINGS`, the decision writes its delmål as achieved states:
  "Stärkta förutsättningarna …", "Vidareutvecklat …") is a delmål, the paragraphs after it are
  its activities, and a paragraph opening with "Här" explains the item before it (its lines are
  added to that item).
- "Aktiviteter" (ECS3): one activity per paragraph up to "Utvecklingsaktiviteter för respektive
  samverkansområde" (the areas' work packages are not goals and are not itemised).
- "Genomsyrande perspektiv" (horizontal criteria), "Perspektiv" and "Långsiktighet": one item
  per paragraph.
- "Uppföljning", "Uppföljning och resultatspridning" and "Projektorganisation": one
  organisational commitment per sentence that names follow-up, evaluation, meetings or
  reporting (:data:`COMMITMENT_WORDS`) and is not a mere possibility ("Här kan …"); a number of times per year ("12 gånger årligen") is
  the commitment's value and unit.

:func:`framework` reads the canonical extraction of each decision (``documents.csv``): 000 for
ECS3 and 003 for REAL ÖMS. The second ECS3 extraction (001) wraps some delmål and activities
without blank lines between them, so these rules would split it differently; it is not used.

Item columns: ``project_id, item_id, kind, kind_label, parent_id, text, title, document,
line_start, line_end, value, unit, horizontal, sex_split``. ``horizontal`` marks the items about
the horizontal criteria (they get their own questions in the assessment); ``sex_split`` the
items where the decision asks for an analysis that needs figures by sex (jämställdhet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..sources.decisions import document_register, page_header_lines, parse_decision, read_lines
from ..sources.decisions.text import _norm
from ..core.errors import DataError

HEADINGS: tuple[str, ...] = (
    "Sammanfattning", "Skäl för det föreslagna", "Skäl för det föreslagna beslutet", "Bakgrund",
    "Övergripande mål", "Projektmål", "Delmål", "Delmål och aktiviteter", "Aktiviteter",
    "Utvecklingsaktiviteter för respektive samverkansområde", "Ingående kommuner",
    "Regional samverkan", "Genomsyrande perspektiv", "Perspektiv", "Långsiktighet",
    "Uppföljning", "Uppföljning och resultatspridning", "Resultatspridning",
    "Projektorganisation", "Avgränsning ordinarie verksamhet", "Kostnads- och finansieringsbudget",
)
RESULT_OPENINGS = re.compile(r"^(Stärkt[a]?|Vidareutvecklat|Ökad|Ökat|Utvecklat)\b")
COMMITMENT_WORDS = re.compile(
    r"(självvärdering|spegling|utvärder|uppföljning|upphandla|handlingsplan|återrapport|"
    r"\bmöte[nr]?\b|träffas|tillsätt|\bfölj(er|s|a)\b)", re.IGNORECASE)
# "Här kan aktiviteter uppstå …": a possibility, not a commitment.
_POSSIBILITY = re.compile(r"^\S+\s+kan\b")
_PER_YEAR = re.compile(r"(?P<n>\d+)\s+(?P<unit>gånger\s+(årligen|per\s+år|om\s+året))")
_TARGET_INTRO = re.compile(r"leda\s+till\s+att\s*:?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")

KIND_LABELS: dict[str, str] = {
    "overall_goal": "Övergripande mål",
    "project_goal": "Projektmål",
    "numeric_target": "Numeriskt mål",
    "sub_goal": "Delmål",
    "activity": "Aktivitet",
    "horizontal_criterion": "Horisontella kriterier",
    "perspective": "Perspektiv",
    "long_term": "Långsiktighet",
    "commitment": "Åtagande",
}
COLUMNS = ["project_id", "item_id", "kind", "kind_label", "parent_id", "text", "title",
           "document", "line_start", "line_end", "value", "unit", "horizontal", "sex_split"]
_TITLE_WORDS = 9


@dataclass(frozen=True)
class Paragraph:
    text: str
    line_start: int
    line_end: int


def paragraphs(lines: list[str]) -> dict[str, list[Paragraph]]:
    """The document's sections: heading → its paragraphs (text joined, with line range).

    A heading that occurs again (none does in the two decisions) continues its section.
    """
    skip = page_header_lines(lines)
    heads = {h.casefold() for h in HEADINGS}
    sections: dict[str, list[Paragraph]] = {"": []}
    current, buf = "", []

    def flush():
        if buf:
            text = buf[0][1]
            for _, t in buf[1:]:
                # a word split at the line end ("ÖMS-" / "gemensamma") is joined again
                text += t if re.search(r"\w-$", text) and t[:1].islower() else " " + t
            sections[current].append(Paragraph(text, buf[0][0], buf[-1][0]))
            buf.clear()

    for n, raw in enumerate(lines, start=1):
        if n in skip:
            continue
        t = _norm(raw.replace("\t", " "))
        if not t:
            flush()
            continue
        if t.casefold() in heads:
            flush()
            current = t
            sections.setdefault(current, [])
            continue
        if raw[:1] == " " and buf:
            flush()
        buf.append((n, t))
    flush()
    return sections


def _title(text: str) -> str:
    words = text.split()
    short = " ".join(words[:_TITLE_WORDS]).rstrip(".,:;")
    return short + (" …" if len(words) > _TITLE_WORDS else "")


def sentences(p: Paragraph, lines: list[str]) -> list[Paragraph]:
    """The paragraph's sentences, each with the lines it stands on."""
    out = []
    parts = _SENTENCE_END.split(p.text)
    # Map each sentence back to lines by its first and last words.
    for part in parts:
        first, last = part.split()[0], part.split()[-1]
        start = next((n for n in range(p.line_start, p.line_end + 1)
                      if first in _norm(lines[n - 1])), p.line_start)
        end = next((n for n in range(p.line_end, start - 1, -1)
                    if last in _norm(lines[n - 1])), p.line_end)
        out.append(Paragraph(part, start, end))
    return out


class _Builder:
    def __init__(self, project_id: str, document: str):
        self.project_id, self.document = project_id, document
        self.rows: list[dict] = []
        self.counters: dict[str, int] = {}

    def add(self, kind: str, code: str, p: Paragraph, parent: str | None = None,
            value: float | None = None, unit: str | None = None, item_id: str | None = None) -> str:
        if item_id is None:
            if parent is not None:
                key = f"{parent}-{code}"
                self.counters[key] = self.counters.get(key, 0) + 1
                item_id = f"{parent}-{code}{self.counters[key]}"
            else:
                self.counters[code] = self.counters.get(code, 0) + 1
                n = self.counters[code]
                item_id = f"{self.project_id}-{code}" + ("" if code in ("OM", "PM") else str(n))
        low = p.text.casefold()
        self.rows.append({
            "project_id": self.project_id, "item_id": item_id, "kind": kind,
            "kind_label": KIND_LABELS[kind], "parent_id": parent, "text": p.text,
            "title": _title(p.text), "document": self.document, "line_start": p.line_start,
            "line_end": p.line_end, "value": value, "unit": unit,
            "horizontal": kind == "horizontal_criterion" or "horisontella kriterie" in low,
            "sex_split": "jämställdhet" in low,
        })
        return item_id


def _goal_sections(b: _Builder, sections: dict[str, list[Paragraph]], targets) -> None:
    for heading, kind, code in (("Övergripande mål", "overall_goal", "OM"),
                                ("Projektmål", "project_goal", "PM")):
        paras = sections.get(heading) or []
        if not paras:
            continue
        b.add(kind, code, paras[0])
    for t in targets:
        b.add("numeric_target", "", Paragraph(t.description, t.line, t.line), value=t.value,
              unit=t.unit, item_id=f"{b.project_id}_{t.number}")
    for p in sections.get("Delmål", []):
        b.add("sub_goal", "D", p)
    parent = None
    for p in sections.get("Delmål och aktiviteter", []):
        if RESULT_OPENINGS.match(p.text):
            parent = b.add("sub_goal", "D", p)
        elif p.text.startswith("Här ") and b.rows:
            last = b.rows[-1]
            last["text"] += " " + p.text
            last["line_end"] = p.line_end
        elif parent is not None:
            b.add("activity", "A", p, parent=parent)
        else:
            b.add("activity", "A", p)
    for p in sections.get("Aktiviteter", []):
        b.add("activity", "A", p)


def _other_sections(b: _Builder, sections: dict[str, list[Paragraph]], lines: list[str]) -> None:
    for heading, kind, code in (("Genomsyrande perspektiv", "horizontal_criterion", "HK"),
                                ("Perspektiv", "perspective", "P"),
                                ("Långsiktighet", "long_term", "L")):
        for p in sections.get(heading, []):
            b.add(kind, code, p)
    for heading in ("Uppföljning", "Uppföljning och resultatspridning", "Projektorganisation"):
        for p in sections.get(heading, []):
            for s in sentences(p, lines):
                if not COMMITMENT_WORDS.search(s.text) or _POSSIBILITY.match(s.text):
                    continue
                hit = _PER_YEAR.search(s.text)
                b.add("commitment", "U", s, value=float(hit["n"]) if hit else None,
                      unit=hit["unit"] if hit else None)


def parse_framework(path: str | Path, project_id: str) -> pd.DataFrame:
    """The results framework of one decision document (columns: see the module docstring)."""
    path = Path(path)
    lines = read_lines(path)
    sections = paragraphs(lines)
    decision = parse_decision(path)
    b = _Builder(project_id, path.name)
    _goal_sections(b, sections, decision.targets)
    _other_sections(b, sections, lines)
    if not b.rows:
        raise DataError(path, None, "hittar inga mål (rubrikerna 'Övergripande mål', 'Projektmål', "
                                    "'Delmål' saknas)")
    df = pd.DataFrame(b.rows, columns=COLUMNS)
    df["value"] = pd.to_numeric(df["value"]).astype(float)
    df["parent_id"] = df["parent_id"].astype("string")
    df["unit"] = df["unit"].astype("string")
    dup = df["item_id"].duplicated()
    if dup.any():
        raise DataError(path, int(df.loc[dup, "line_start"].iloc[0]),
                        f"målet {df.loc[dup, 'item_id'].iloc[0]} förekommer två gånger")
    return df


@lru_cache(maxsize=1)
def _framework_cached() -> pd.DataFrame:
    reg = document_register()
    chosen = reg[reg["canonical"] & (reg["kind"] == "decision")]
    parts = [parse_framework(paths.RAW_DOCUMENTS / r.document, r.project_id)
             for r in chosen.itertuples()]
    return pd.concat(parts, ignore_index=True)


def framework() -> pd.DataFrame:
    """The results framework of every canonical decision in ``data/reference/documents.csv``."""
    return _framework_cached().copy()


def project_ids() -> list[str]:
    return list(dict.fromkeys(framework()["project_id"]))


def cite(item: pd.Series | dict) -> str:
    """'000_5838ca1629de2de5.txt, rad 71' or 'rad 74–75' for an item (or any row with the columns)."""
    a, b = int(item["line_start"]), int(item["line_end"])
    return f"{item['document']}, rad {a}" + (f"–{b}" if b != a else "")


# ---------------------------------------------------------------------------- continuity

CONTINUITY_FILE = paths.REFERENCE / "goal_continuity.csv"
CONTINUITY_COLUMNS = ["real_item", "ecs3_item", "relation", "reason"]
RELATIONS = {"fortsätter": "fortsätter", "delvis": "fortsätter delvis"}


def continuity(path: str | Path | None = None, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which REAL ÖMS items continue which ECS3 items, with the reason (a reviewed register).

    Every id is checked against the framework on load, the relation must be ``fortsätter`` or
    ``delvis`` and the reason must be written out. Columns: ``real_item, ecs3_item, relation,
    reason, real_title, ecs3_title, real_source, ecs3_source``.
    """
    path = Path(path) if path is not None else CONTINUITY_FILE
    items = framework() if items is None else items
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != CONTINUITY_COLUMNS:
        raise DataError(path, 1, f"fel kolumner {list(raw.columns)}; väntade {CONTINUITY_COLUMNS}")
    by_id = items.set_index("item_id")
    seen: set[tuple[str, str]] = set()
    for i, row in raw.iterrows():
        line = int(i) + 2
        for col, project in (("real_item", "REAL_OMS"), ("ecs3_item", "ECS3")):
            item = row[col].strip()
            if item not in by_id.index or by_id.at[item, "project_id"] != project:
                raise DataError(path, line, f"{col} {item!r} är inget mål i {project}:s beslut")
        if row["relation"] not in RELATIONS:
            raise DataError(path, line, f"relation {row['relation']!r}; giltiga: {', '.join(RELATIONS)}")
        if len(row["reason"].strip()) < 20:
            raise DataError(path, line, "skälet (reason) måste skrivas ut")
        pair = (row["real_item"], row["ecs3_item"])
        if pair in seen:
            raise DataError(path, line, f"paret {pair[0]} – {pair[1]} står två gånger")
        seen.add(pair)
    out = raw.copy()
    for side, col in (("real", "real_item"), ("ecs3", "ecs3_item")):
        out[f"{side}_title"] = [by_id.at[i, "title"] for i in out[col]]
        out[f"{side}_source"] = [cite(by_id.loc[i]) for i in out[col]]
    return out


def cite_many(rows: pd.DataFrame) -> str:
    """'000_….txt, rad 77 och 225' for several items (grouped by document)."""
    parts = []
    for document, g in rows.groupby("document", sort=False):
        spans = [f"{a}" + (f"–{b}" if b != a else "") for a, b in zip(g["line_start"], g["line_end"])]
        lines = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " och " + spans[-1]
        parts.append(f"{document}, rad {lines}")
    return "; ".join(parts)
