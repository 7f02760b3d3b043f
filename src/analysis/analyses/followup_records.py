"""The records of issued reports: where they are, their stored form, reading and checking them.

A *record* (``data/issued/<möte>_<fokus>.json``, written by ``python -m analysis utge``,
:mod:`analysis.pipeline.issue`) keeps what an issued report said (its content is made by
:func:`analysis.analyses.followup.snapshot`). Plain JSON with sorted keys, so that a change reads
as a diff in git.

Integrity: every record carries :data:`FORMAT_VERSION`, a SHA-256 checksum of its content and the
file name and checksum of the record issued before it (``previous``). An edited record, a record
whose predecessor is gone, a renamed file and a record of another format version each stop with a
:class:`~analysis.core.errors.DataError` naming the file. Moved out of
:mod:`analysis.analyses.followup`, which still offers every name.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError

FORMAT_VERSION = 1
RECORD_KIND = "oms-utgiven-rapport"
_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<focus>SE12|\d\d)\.json$")


# --- where records are ---------------------------------------------------------------------------

def issued_directory(directory: str | Path | None = None) -> Path:
    """``directory``, else ``$OMS_ISSUED_DIR``, else ``data/issued/`` (relative to the root)."""
    if directory is None:
        return paths.issued_dir()
    d = Path(directory)
    return d if d.is_absolute() else paths.ROOT / d


def record_name(meeting: date | str, focus: str) -> str:
    return f"{pd.Timestamp(meeting).date().isoformat()}_{focus}.json"


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


EXAMPLE_RECORDS = paths.ROOT / "tests" / "fixtures" / "issued"  # two records with TESTDATA


def records_to_compare(directory: str | Path | None = None) -> tuple[list[Record], bool]:
    """The issued records a strategist compares (notebook 06), and whether they are the examples.

    ``directory`` given: its records. Otherwise ``data/issued``'s; where it holds fewer than two,
    the two example records shipped with the checkout (made-up assessments, TESTDATA), so the
    comparison can be tried before two reports have been issued. Fewer than two records in the
    end is a :class:`DataError` saying how many there are and how a report is issued.
    """
    records, examples = issued_records(directory), False
    if len(records) < 2 and directory is None and EXAMPLE_RECORDS.is_dir():
        records, examples = issued_records(EXAMPLE_RECORDS), True
    if len(records) < 2:
        raise DataError(issued_directory(directory), None,
                        f"{len(records)} utgivna rapporter; en jämförelse behöver minst två. En "
                        "rapport ges ut till ett möte med python -m analysis utge --mote ÅÅÅÅ-MM-DD "
                        "--av NAMN")
    return records, examples


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
