"""The results framework: every goal level of ECS3 and REAL ÖMS, read from the decision texts.

Nothing here is typed in by hand: the items are the paragraphs and sentences of the decisions'
own sections, found by their headings, with the document and line range they stand on. The
rules are stated here and tested against the documents (``tests/test_goals.py``):

- The text is split into paragraphs at blank lines, at the sections' headings (the one rule for
  headings, :func:`analysis.sources.decisions.sections.headings`: a line that is one of the
  template's headings, :data:`HEADINGS`, or a heading by its shape above them; the heading of a
  part of a section, such as a challenge area under the work packages, stays a paragraph of its
  section and is read by the section's own rule below), at a line that starts with a space
  after a non-blank line (how the hard-wrapped REAL ÖMS extraction marks a new paragraph), at a
  bullet ("- "), after a line
  ending with ":", and, in a hard-wrapped text, after a line the author ended: the next line
  starts in upper case and its first word would have fitted on the line (:func:`wrap_width`);
  a bullet's wrapped lines go on in lower case. A blank line inside a sentence (the next line
  starts in lower case and the text so far ends without ".", ":", "!" or "?") does not end the
  paragraph. Repeated page headers are skipped
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
  samverkansområde".
- "Utvecklingsaktiviteter för respektive samverkansområde" (ECS3): the work packages per
  challenge area. An area is a line of its own that names one of the four ÖMS challenge areas
  (:func:`area_of`, by the themes of ``data/reference/challenge_areas.csv``); under it each
  lead-in ("Utveckla gemensamma erbjudanden:") or single sentence is a work package
  (``ECS3-AP1`` …, numbered through the section) and each bullet ("- …") an activity of the
  package before it (``ECS3-AP1-A1`` …). ``area_id`` and ``area`` name the register's area.
- "Genomsyrande perspektiv" (horizontal criteria), "Perspektiv" and "Långsiktighet": one item
  per paragraph.
- "Uppföljning", "Uppföljning och resultatspridning" and "Projektorganisation": one
  organisational commitment per sentence that names follow-up, evaluation, meetings or
  reporting (:data:`COMMITMENT_WORDS`) and is not a mere possibility ("Här kan …"); a number of times per year ("12 gånger årligen") is
  the commitment's value and unit.

:func:`framework` reads the canonical extraction of each decision (``documents.csv``): 000 for
ECS3 and 003 for REAL ÖMS. The second ECS3 extraction (001, hard-wrapped, without page
headers) is read by the same rules and compared item by item (:func:`extraction_check`):
same ids, kinds, target values and texts, after wrapping, hyphenation and the register's known
word variants (``word_variants`` in ``documents.csv``); a disagreement names both documents'
lines.

Item columns: ``project_id, item_id, kind, kind_label, parent_id, text, title, document,
line_start, line_end, value, unit, horizontal, sex_split, section, area_id, area``.
``section`` is the decision's heading the item stands under; ``area_id``/``area`` the challenge
area of a work package and its activities (else NA). ``horizontal`` marks the items about
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
from ..sources.decisions import (SECTION_HEADINGS, document_register, headings, page_header_lines,
                                 parse_decision, read_lines)
from ..sources.decisions.text import _norm
from ..core.errors import DataError

HEADINGS: tuple[str, ...] = SECTION_HEADINGS  # the template's headings (sources.decisions.sections)
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
    "work_package": "Arbetspaket",
    "package_activity": "Aktivitet i arbetspaket",
}
COLUMNS = ["project_id", "item_id", "kind", "kind_label", "parent_id", "text", "title",
           "document", "line_start", "line_end", "value", "unit", "horizontal", "sex_split",
           "section", "area_id", "area"]
WORK_PACKAGES = "Utvecklingsaktiviteter för respektive samverkansområde"
_TITLE_WORDS = 9


@dataclass(frozen=True)
class Paragraph:
    text: str
    line_start: int
    line_end: int


def wrap_width(lines: list[str]) -> int | None:
    """The shortest line the extraction wrapped: for every line followed directly by a line that
    starts in lower case (a sentence carried on), the line's length plus a space and the next
    word. A line that, with the next word, stays below this was ended by the author, not by the
    wrapping. ``None`` when the text is not hard-wrapped (000: one line per paragraph).

    Only the prose counts: lines from the budget heading on (wrapped table labels) do not.
    """
    skip = page_header_lines(lines)
    widths = []
    for n in range(1, len(lines)):
        if n in skip or n + 1 in skip:
            continue
        a, b = _norm(lines[n - 1].replace("\t", " ")), _norm(lines[n].replace("\t", " "))
        if a.casefold() == _BUDGET_HEADING.casefold():
            break
        if a and b[:1].islower():
            widths.append(len(a) + 1 + len(b.split()[0]))
    return min(widths) if widths else None


_BUDGET_HEADING = "Kostnads- och finansieringsbudget"
_CLOSED = re.compile(r"[.!?:]$")


def _continues(buf: list[tuple[int, str]], t: str, raw: str, prev_raw: str, after_blank: bool,
               width: int | None) -> bool:
    """Whether line ``t`` carries on the paragraph in ``buf`` (see the module docstring)."""
    last = buf[-1][1]
    if after_blank:
        # a blank line inside a sentence (001: "… så de" / "" / "samlas/lotsar …")
        return t[:1].islower() and not _CLOSED.search(last)
    if raw[:1] == " " or t.startswith(_BULLET) or last.endswith(":"):
        return False
    if buf[0][1].startswith(_BULLET) and t[:1].isupper():
        return False           # a bullet's wrapped lines go on in lower case
    if width is not None and t[:1].isupper():
        prev = _norm(prev_raw.replace("\t", " "))
        return len(prev) + 1 + len(t.split()[0]) >= width
    return True


_BULLET = "- "


def paragraphs(lines: list[str]) -> dict[str, list[Paragraph]]:
    """The document's sections: heading → its paragraphs (text joined, with line range).

    A heading that occurs again (none does in the two decisions) continues its section.
    """
    skip = page_header_lines(lines)
    opens = {h.line: h.text for h in headings(lines, skip) if not h.is_part}
    width = wrap_width(lines)
    sections: dict[str, list[Paragraph]] = {"": []}
    current, buf = "", []
    prev_raw, after_blank = "", False

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
            after_blank = True
            continue
        if n in opens:
            flush()
            current = opens[n]
            sections.setdefault(current, [])
            prev_raw, after_blank = raw, False
            continue
        if buf and not _continues(buf, t, raw, prev_raw, after_blank, width):
            flush()
        buf.append((n, t))
        prev_raw, after_blank = raw, False
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
            value: float | None = None, unit: str | None = None, item_id: str | None = None,
            section: str | None = None, area: tuple[str, str] | None = None) -> str:
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
            "section": section, "area_id": area[0] if area else None,
            "area": area[1] if area else None,
        })
        return item_id


def _goal_sections(b: _Builder, sections: dict[str, list[Paragraph]], targets) -> None:
    for heading, kind, code in (("Övergripande mål", "overall_goal", "OM"),
                                ("Projektmål", "project_goal", "PM")):
        paras = sections.get(heading) or []
        if not paras:
            continue
        b.add(kind, code, paras[0], section=heading)
    for t in targets:
        b.add("numeric_target", "", Paragraph(t.description, t.line, t.line), value=t.value,
              unit=t.unit, item_id=f"{b.project_id}_{t.number}", section="Projektmål")
    for p in sections.get("Delmål", []):
        b.add("sub_goal", "D", p, section="Delmål")
    parent = None
    for p in sections.get("Delmål och aktiviteter", []):
        if RESULT_OPENINGS.match(p.text):
            parent = b.add("sub_goal", "D", p, section="Delmål och aktiviteter")
        elif p.text.startswith("Här ") and b.rows:
            last = b.rows[-1]
            last["text"] += " " + p.text
            last["line_end"] = p.line_end
        else:
            b.add("activity", "A", p, parent=parent, section="Delmål och aktiviteter")
    for p in sections.get("Aktiviteter", []):
        b.add("activity", "A", p, section="Aktiviteter")


def _other_sections(b: _Builder, sections: dict[str, list[Paragraph]], lines: list[str]) -> None:
    for heading, kind, code in (("Genomsyrande perspektiv", "horizontal_criterion", "HK"),
                                ("Perspektiv", "perspective", "P"),
                                ("Långsiktighet", "long_term", "L")):
        for p in sections.get(heading, []):
            b.add(kind, code, p, section=heading)
    for heading in ("Uppföljning", "Uppföljning och resultatspridning", "Projektorganisation"):
        for p in sections.get(heading, []):
            for s in sentences(p, lines):
                if not COMMITMENT_WORDS.search(s.text) or _POSSIBILITY.match(s.text):
                    continue
                hit = _PER_YEAR.search(s.text)
                b.add("commitment", "U", s, value=float(hit["n"]) if hit else None,
                      unit=hit["unit"] if hit else None, section=heading)


def area_of(heading: str) -> tuple[str, str] | None:
    """The ÖMS challenge area (``area_id``, name as in the register) a work-package heading names.

    A heading names an area when it contains one of the area's themes (the register's words of
    the area's name: "Life Science med välfärd och hälsa" → life science). ``None`` when it
    names none; a heading that would name two areas is an error of the register."""
    from .challenges import challenge_areas

    areas = challenge_areas()
    areas = areas[areas["scope"] == "ÖMS"]
    low = heading.casefold()
    hits = [(r.area_id, r.area) for r in areas.itertuples()
            if any(t.casefold() in low for t in r.themes.split(";"))]
    if len(hits) > 1:
        raise DataError(paths.REFERENCE / "challenge_areas.csv", None,
                        f"rubriken {heading!r} passar flera utmaningsområden: "
                        + ", ".join(a for a, _ in hits))
    return hits[0] if hits else None


def _is_area_heading(p: Paragraph) -> bool:
    return (not p.text.startswith(_BULLET) and not _CLOSED.search(p.text)
            and len(p.text.split()) <= _AREA_HEADING_WORDS and area_of(p.text) is not None)


_AREA_HEADING_WORDS = 6


def _work_packages(b: _Builder, sections: dict[str, list[Paragraph]], path: Path) -> None:
    """ECS3's work packages per challenge area (section :data:`WORK_PACKAGES`).

    Under the section the decision names each area on a line of its own ("Smart industri"),
    then its work packages: a lead-in ("Utveckla gemensamma erbjudanden:") with the package's
    activities as bullets ("- …"), or one sentence without bullets ("Etablera ÖMS som en av
    EU:s Digital innovation hubs."). The paragraph before the first area says how the packages
    will be developed; it is no item."""
    area, package = None, None
    for p in sections.get(WORK_PACKAGES, []):
        if _is_area_heading(p):
            area, package = area_of(p.text), None
        elif area is None:
            continue                      # the section's introduction
        elif p.text.startswith(_BULLET):
            if package is None:
                raise DataError(path, p.line_start, "en punkt i arbetspaketen står före "
                                                    "arbetspaketets rubrik")
            b.add("package_activity", "A", Paragraph(p.text[len(_BULLET):], p.line_start,
                                                     p.line_end),
                  parent=package, section=WORK_PACKAGES, area=area)
        else:
            package = b.add("work_package", "AP", p, section=WORK_PACKAGES, area=area)


def parse_framework(path: str | Path, project_id: str) -> pd.DataFrame:
    """The results framework of one decision document (columns: see the module docstring)."""
    path = Path(path)
    lines = read_lines(path)
    sections = paragraphs(lines)
    decision = parse_decision(path)
    b = _Builder(project_id, path.name)
    _goal_sections(b, sections, decision.targets)
    _work_packages(b, sections, path)
    _other_sections(b, sections, lines)
    if not b.rows:
        raise DataError(path, None, "hittar inga mål (rubrikerna 'Övergripande mål', 'Projektmål', "
                                    "'Delmål' saknas)")
    df = pd.DataFrame(b.rows, columns=COLUMNS)
    df["value"] = pd.to_numeric(df["value"]).astype(float)
    df["parent_id"] = df["parent_id"].astype("string")
    for col in ("unit", "section", "area_id", "area"):
        df[col] = df[col].astype("string")
    dup = df["item_id"].duplicated()
    if dup.any():
        raise DataError(path, int(df.loc[dup, "line_start"].iloc[0]),
                        f"målet {df.loc[dup, 'item_id'].iloc[0]} förekommer två gånger")
    return df


@lru_cache(maxsize=1)
def _framework_cached() -> pd.DataFrame:
    from ..sources.decisions import project_ids as registered

    reg = document_register()
    chosen = reg[reg["canonical"] & (reg["kind"] == "decision")].set_index("project_id")
    parts = [parse_framework(paths.RAW_DOCUMENTS / chosen.at[p, "document"], p)
             for p in registered() if p in chosen.index]
    return pd.concat(parts, ignore_index=True)


def framework() -> pd.DataFrame:
    """The results framework of every canonical decision in ``data/reference/documents.csv``,
    the projects in start-date order (:func:`analysis.sources.decisions.project_ids`)."""
    return _framework_cached().copy()


def project_ids() -> list[str]:
    return list(dict.fromkeys(framework()["project_id"]))


def cite(item: pd.Series | dict) -> str:
    """'000_5838ca1629de2de5.txt, rad 71' or 'rad 74–75' for an item (or any row with the columns)."""
    a, b = int(item["line_start"]), int(item["line_end"])
    return f"{item['document']}, rad {a}" + (f"–{b}" if b != a else "")


