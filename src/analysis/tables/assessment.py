"""The evaluator's assessment: one entry file per project (``data/assessment/<project>.csv``).

An evaluator fills in a spreadsheet, no programming: one row per item of the results framework
(:func:`analysis.goals.framework`), with a rating on the 1–4 scale in :data:`SCALE`, the evidence
and its source, the date the rating describes, the achieved value for items with a target value,
answers to the horizontal criteria's own questions, figures by sex where the decision asks for
them, and the action plan's åtgärd, ansvarig and tidpunkt. Rows for weak areas found in the
mirroring (``SPEGLING-<fokus>-<indikator>``) carry only the action plan. See
``data/assessment/README.md``.

:func:`read_assessment` checks the whole file before it returns anything: an unknown item, a
rating outside the scale, a rating without evidence, a date outside the project period, a
duplicate item and every other bad entry stops with a :class:`DataError` naming the file and
the line (and, in a workbook, the sheet; always the column). :func:`template` writes the CSV
file an evaluator can start from; the command ``python -m analysis bedomningsmall``
(:mod:`analysis.pipeline.assessment_form`) writes the Excel workbook ``bedomning.xlsx``, which
is read back directly (:func:`entry_source`). The repository's own CSV files are the template,
with nothing assessed. A goal may be assessed again on a later date: each rating is a row, the
latest is the goal's current rating and the earlier ones its history.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError

ASSESSMENT_DIR = paths.DATA / "assessment"
COLUMNS = ["item_id", "goal", "rating", "evidence", "source", "date", "achieved_value",
           "women", "men", "hq_analysis", "hq_results", "hq_working_methods", "action",
           "responsible", "due", "assessed_by", "comment"]
SCALE: dict[int, tuple[str, str]] = {
    1: ("inte uppnått", "Inga eller obetydliga steg mot målet har tagits."),
    2: ("delvis uppnått", "Vissa steg har tagits, men stora delar av målet återstår."),
    3: ("till stor del uppnått", "Det mesta av målet är nått; mindre delar återstår."),
    4: ("uppnått", "Målet är nått eller åtagandet är uppfyllt."),
}
WEAK_MAX = 2          # ratings 1 and 2 are weak areas for the action plan
NOT_ASSESSED = "ej bedömt"
HORIZONTAL_QUESTIONS: dict[str, tuple[str, str]] = {
    # column -> (question, the words in the decision it rests on)
    "hq_analysis": ("Vilken analys av målgrupperna, nuläget och målsättningarna bygger arbetet på?",
                    "analys av målgrupperna"),
    "hq_results": ("Vilka steg har tagits i termer av resultat?", "i termer av resultat"),
    "hq_working_methods": ("Vilka steg har tagits i arbetssätt?", "i arbetssätt"),
}
MIRROR_PREFIX = "SPEGLING"
_MIRROR_ID = re.compile(rf"^{MIRROR_PREFIX}-(?P<focus>SE12|\d\d)-(?P<indicator>[a-z0-9_]+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DUE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_ACTION_COLUMNS = ("action", "responsible", "due")
_ASSESSMENT_COLUMNS = ("rating", "evidence", "source", "date", "achieved_value", "women", "men",
                       *HORIZONTAL_QUESTIONS)


def assessment_directory(directory: str | Path | None = None) -> Path:
    """``directory``, else ``$OMS_ASSESSMENT_DIR`` (tests point it at the fixture), else
    ``data/assessment/``; a relative path is taken from the repository's root."""
    if directory is None or str(directory) == "":
        return paths.assessment_dir()
    d = Path(directory)
    # relative to the repository, whatever the working directory (chapters run in report/)
    return d if d.is_absolute() else paths.ROOT / d


def assessment_file(project_id: str, directory: str | Path | None = None) -> Path:
    return assessment_directory(directory) / f"{project_id}.csv"


def question_sources(items: pd.DataFrame) -> dict[str, str]:
    """Where each horizontal question comes from ('000_….txt, rad 77, 225'), from the framework."""
    from .goals import cite

    out = {}
    for col, (_, words) in HORIZONTAL_QUESTIONS.items():
        hits = items[items["text"].str.contains(words, regex=False)]
        out[col] = "; ".join(cite(r) for _, r in hits.iterrows()) or "uppgift saknas"
    return out


def mirror_indicators() -> tuple[str, ...]:
    """Indicators a mirror weak area can name: any indicator of the indicator table, or a measure
    the analyses derive from it.

    (Which of them the mirroring tests is the analyses' business; an entry file is checked
    against the table's vocabulary, so this layer never imports the analyses.)"""
    from .indicator_schemas import DERIVED_INDICATORS, INDICATORS

    return (*INDICATORS, *DERIVED_INDICATORS)


def mirror_project() -> str:
    """The project whose entries take the actions for the mirror's weak areas: the running one,
    that is the register's latest project by start date (``project_ids`` gives the order). The
    register decides; no project is named here."""
    from ..sources.decisions import project_ids

    return project_ids()[-1]


def _period(project_id: str) -> tuple[date, date]:
    from .budgets import projects

    p = projects().set_index("project_id")
    return pd.Timestamp(p.at[project_id, "start_date"]).date(), \
        pd.Timestamp(p.at[project_id, "end_date"]).date()


# ---------------------------------------------------------------------------- reading a source

WORKBOOK_NAME = "bedomning.xlsx"
INSTRUCTIONS_SHEET = "Instruktioner"
# The workbook's headers (Swedish, for the evaluator); the column names of the CSV are accepted too.
LABELS: dict[str, str] = {
    "item_id": "Mål-id", "goal": "Mål i beslutet", "rating": "Betyg (1–4)",
    "evidence": "Underlag", "source": "Underlagets källa", "date": "Datum (bedömningen avser)",
    "achieved_value": "Uppnått värde", "women": "Kvinnor", "men": "Män",
    "hq_analysis": "Analys av målgrupperna", "hq_results": "Steg i resultat",
    "hq_working_methods": "Steg i arbetssätt", "action": "Åtgärd", "responsible": "Ansvarig",
    "due": "Tidpunkt (ÅÅÅÅ-MM)", "assessed_by": "Bedömd av", "comment": "Kommentar (förbehåll)",
}
REFERENCE_LABEL = "Källa i beslutet"      # locked in the workbook, not read
_NUMERIC = ("achieved_value", "women", "men")


class _Source:
    """Rows of one project's entries as read from a CSV file or a workbook sheet, with the
    place of every cell for messages (file, sheet, row, column)."""

    def __init__(self, file: str, rows: list[tuple[int, dict]], refs: dict[str, str],
                 path: Path, sheet: str | None = None):
        self.file, self.rows, self.refs, self.path, self.sheet = file, rows, refs, path, sheet

    def error(self, line: int | None, col: str | None, problem: str) -> DataError:
        where = f"{self.refs.get(col, col)}: " if col else ""
        return DataError(self.file, line, where + problem)


def _cell_text(value, col: str) -> str:
    """A cell as text: dates as ÅÅÅÅ-MM-DD, whole numbers without decimals, decimals with a comma."""
    from datetime import datetime
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return str(int(value))
        return format(Decimal(repr(float(value))), "f").replace(".", ",")
    return str(value).strip()


def _header_positions(header: list[str], label: str, line: int, letter) -> dict[str, int]:
    """Column name → position from a header row: the CSV's names or the workbook's Swedish
    headers (any case); the workbook's locked reference column is left out. An unknown, a
    repeated or a missing header is a DataError naming the column."""
    by_label = {v.casefold(): k for k, v in LABELS.items()} | {k.casefold(): k for k in COLUMNS}
    positions: dict[str, int] = {}
    for i, h in enumerate(header):
        col = by_label.get(h.strip().casefold())
        if col is None:
            if h.strip() and h.strip() != REFERENCE_LABEL:
                raise DataError(label, line, f"kolumn {letter(i)}: okänd rubrik {h!r}; väntade "
                                             f"{', '.join(COLUMNS)}")
            continue
        if col in positions:
            raise DataError(label, line, f"kolumn {letter(i)}: rubriken {h!r} står två gånger "
                                         f"(också i kolumn {letter(positions[col])})")
        positions[col] = i
    missing = [c for c in COLUMNS if c not in positions]
    if missing:
        raise DataError(label, line, f"fel kolumner: {', '.join(missing)} saknas i rubrikraden; "
                                     f"väntade {', '.join(COLUMNS)}")
    return positions


def _csv_source(path: Path) -> _Source:
    """A CSV entry file: the template's columns, or a workbook sheet saved as CSV (Swedish
    headers, the reference column) in any encoding and separator (``core.csvfile``)."""
    from ..core.csvfile import read_records

    records, _info = read_records(path, missing="bedömningsfilen saknas (skapa den med python -m "
                                                "analysis bedomningsmall)")
    if not records:
        raise DataError(path, None, f"fel kolumner; filen är tom, väntade {', '.join(COLUMNS)}")
    header_line, header = records[0]
    positions = _header_positions(header, str(path), header_line, lambda i: str(i + 1))
    rows = []
    for line, fields in records[1:]:
        if len(fields) != len(header):
            raise DataError(path, line, f"raden har {len(fields)} fält, väntade {len(header)} "
                                        f"(som rubrikraden, rad {header_line})")
        rows.append((line, {c: fields[i].strip() for c, i in positions.items()}))
    refs = {c: f"kolumn {i + 1} ({header[i].strip()})" for c, i in positions.items()}
    return _Source(str(path), rows, refs, path)


def _open_workbook(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise DataError(path, None, "arbetsboken saknas") from None
    except Exception as err:  # noqa: BLE001 - a damaged or foreign file, whatever openpyxl says
        raise DataError(path, None, f"kan inte läsas som Excel-arbetsbok (.xlsx): {err}") from None


def _sheet_source(path: Path, sheet: str, wb=None) -> _Source:
    from openpyxl.utils import get_column_letter

    wb = _open_workbook(path) if wb is None else wb
    if sheet not in wb.sheetnames:
        raise DataError(path, None, f"fliken {sheet!r} saknas (skapa den med python -m analysis "
                                    f"bedomningsmall --projekt {sheet})")
    ws = wb[sheet]
    label = f"{path}, fliken {sheet}"
    header = [_cell_text(c.value, "") for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
    positions = _header_positions(header, label, 1, lambda i: get_column_letter(i + 1))
    refs = {c: f"kolumn {get_column_letter(i + 1)} ({header[i]})" for c, i in positions.items()}
    rows = []
    for n, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        row = {c: _cell_text(cells[i] if i < len(cells) else None, c) for c, i in positions.items()}
        if not any(v for c, v in row.items() if c != "goal"):
            continue          # an empty row (the spare rows, or only the goal text)
        rows.append((n, row))
    return _Source(label, rows, refs, path, sheet)


def _number(text: str, src: _Source, line: int, col: str, *, integer: bool = False) -> float:
    from ..core.csvfile import parse_number

    try:
        value = parse_number(text)
    except ValueError as err:
        raise src.error(line, col, str(err)) from None
    if value < 0 or (integer and value != int(value)):
        raise src.error(line, col, f"{text!r} ska vara " + ("ett heltal ≥ 0" if integer else "ett tal ≥ 0"))
    return value


def _check_mirror_row(row: dict, src: _Source, line: int, project_id: str) -> None:
    from ..core.params import valid_focus_values

    m = _MIRROR_ID.match(row["item_id"])
    mirror = mirror_project()
    if project_id != mirror:
        raise src.error(line, "item_id", f"åtgärder för speglingens svaga områden förs in hos "
                                         f"{mirror} (det senast startade projektet), inte här")
    if m is None or m["focus"] not in valid_focus_values() or m["indicator"] not in mirror_indicators():
        raise src.error(line, "item_id", f"okänt svagt område {row['item_id']!r}; skriv "
                                         f"{MIRROR_PREFIX}-<fokus>-<indikator> som i tabellen över id "
                                         f"för bedömningsfilerna i rapportens metodkapitel")
    filled = [c for c in _ASSESSMENT_COLUMNS if row[c]]
    if filled:
        raise src.error(line, filled[0], f"ett svagt område från speglingen får bara åtgärd, "
                                         f"ansvarig och tidpunkt, inte {', '.join(filled)}")


def _check_item_row(row: dict, item: pd.Series, src: _Source, line: int,
                    period: tuple[date, date], today: date) -> dict:
    out: dict = {"rating": None, "date": None, "achieved_value": None, "women": None, "men": None}
    if row["rating"]:
        if row["rating"] not in {str(k) for k in SCALE}:
            raise src.error(line, "rating", f"betyget {row['rating']!r} finns inte på skalan 1–4")
        out["rating"] = int(row["rating"])
        for col in ("evidence", "source", "date"):
            if not row[col]:
                raise src.error(line, col, f"betyget {row['rating']} saknar {col} "
                                           "(underlag, källa och datum krävs)")
        if item["horizontal"]:
            missing = [c for c in HORIZONTAL_QUESTIONS if not row[c]]
            if missing:
                raise src.error(line, missing[0], f"{row['item_id']} gäller de horisontella "
                                                  f"kriterierna: svara på frågorna {', '.join(missing)}")
    else:
        given = [c for c in ("evidence", "achieved_value", "women", "men", *HORIZONTAL_QUESTIONS)
                 if row[c]]
        if given:
            raise src.error(line, given[0], "underlag eller värden utan betyg: ange rating 1–4")
    if row["date"]:
        if not _DATE.match(row["date"]):
            raise src.error(line, "date", f"datumet {row['date']!r} ska skrivas ÅÅÅÅ-MM-DD")
        try:
            d = date.fromisoformat(row["date"])
        except ValueError:
            raise src.error(line, "date", f"omöjligt datum {row['date']!r}") from None
        if d < period[0]:
            raise src.error(line, "date", f"datumet {d} ligger före projektets start {period[0]}")
        if d > today:
            raise src.error(line, "date", f"datumet {d} ligger i framtiden (i dag är det {today}); "
                                          "en bedömning avser en dag som har varit")
        out["date"] = d
    if row["achieved_value"]:
        if pd.isna(item["value"]):
            raise src.error(line, "achieved_value",
                            f"{row['item_id']} har inget målvärde; lämna uppnått värde tomt")
        out["achieved_value"] = _number(row["achieved_value"], src, line, "achieved_value")
    for col in ("women", "men"):
        if row[col]:
            if not item["sex_split"]:
                raise src.error(line, col, f"{row['item_id']}: beslutet ber inte om siffror per kön "
                                           f"här; lämna {col} tom")
            out[col] = int(_number(row[col], src, line, col, integer=True))
    if bool(row["women"]) != bool(row["men"]):
        raise src.error(line, "men" if row["women"] else "women",
                        "ange både women och men, eller ingen av dem")
    for col in HORIZONTAL_QUESTIONS:
        if row[col] and not item["horizontal"]:
            raise src.error(line, col, f"{col} gäller bara de horisontella kriterierna")
    return out


def _check_actions(row: dict, src: _Source, line: int) -> None:
    given = [c for c in _ACTION_COLUMNS if row[c]]
    if given and len(given) < len(_ACTION_COLUMNS):
        missing = [c for c in _ACTION_COLUMNS if not row[c]]
        raise src.error(line, missing[0], f"åtgärden är inte komplett: fyll i {', '.join(missing)}")
    if row["due"] and not _DUE.match(row["due"]):
        raise src.error(line, "due", f"tidpunkten {row['due']!r} ska skrivas ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD")


def _source_has_entries(src: _Source) -> bool:
    return any(any(v for c, v in row.items() if c not in ("item_id", "goal")) for _, row in src.rows)


def entry_source(project_id: str, directory: str | Path | None = None) -> _Source:
    """Where a project's entries are read from: its sheet in ``bedomning.xlsx`` when the
    workbook has one, else ``<project>.csv``. If both hold entries for the project, that is an
    error (nothing is chosen between them); if only one does, that one is read."""
    d = assessment_directory(directory)
    book, csv_path = d / WORKBOOK_NAME, d / f"{project_id}.csv"
    sheet = None
    if book.exists():
        wb = _open_workbook(book)
        if project_id in wb.sheetnames:
            sheet = _sheet_source(book, project_id, wb)
    if sheet is None:
        return _csv_source(csv_path)
    if csv_path.exists():
        other = _csv_source(csv_path)
        if _source_has_entries(other):
            if _source_has_entries(sheet):
                raise DataError(csv_path, None, f"både {csv_path.name} och fliken {project_id} i "
                                                f"{WORKBOOK_NAME} har bedömningar; för in dem på ett "
                                                "ställe och töm eller ta bort det andra")
            return other
    return sheet


def read_assessment(project_id: str, path: str | Path | None = None,
                    items: pd.DataFrame | None = None, *, today: date | None = None,
                    sheet: str | None = None) -> pd.DataFrame:
    """Read and check one project's entries; every problem is a DataError (file, sheet, row,
    column).

    ``path``: a CSV file or a workbook (``.xlsx``; ``sheet`` defaults to the project id); by
    default :func:`entry_source` decides. A goal may have several rows, one per date (the
    rating's history); the same goal twice on the same date (or twice without a date) is an
    error. Dates lie from the project's start up to ``today`` (default: the real today).

    Returns one row per entered row: ``item_id``, the typed values (``rating`` Int64, ``date``,
    ``achieved_value``, ``women``, ``men``), the texts, ``after_period`` (the date lies after
    the decided period), ``line`` (the file line or sheet row) and ``file`` (the file read,
    with the sheet).
    """
    if path is None:
        src = entry_source(project_id)
    elif Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        src = _sheet_source(Path(path), sheet or project_id)
    else:
        src = _csv_source(Path(path))
    return _read_source(project_id, src, items, today)


def _read_source(project_id: str, src: _Source, items: pd.DataFrame | None,
                 today: date | None) -> pd.DataFrame:
    from .goals import framework

    items = framework() if items is None else items
    today = date.today() if today is None else today
    own = items[items["project_id"] == project_id].set_index("item_id")
    period = _period(project_id)
    out, seen = [], {}
    for line, row in src.rows:
        item_id = row["item_id"]
        if not item_id:
            raise src.error(line, "item_id", "målets id är tomt")
        if item_id.startswith(MIRROR_PREFIX + "-"):
            _check_mirror_row(row, src, line, project_id)
            typed = {"rating": None, "date": None, "achieved_value": None, "women": None, "men": None}
        elif item_id not in own.index:
            raise src.error(line, "item_id", f"okänt mål {item_id!r} i {project_id}; giltiga id står "
                                             "i mallen (python -m analysis bedomningsmall)")
        else:
            typed = _check_item_row(row, own.loc[item_id], src, line, period, today)
        key = (item_id, typed["date"])
        if key in seen:
            when = f" med datumet {typed['date']}" if typed["date"] else " utan datum"
            raise src.error(line, "date" if typed["date"] else "item_id",
                            f"{item_id} står redan{when} på rad {seen[key]}; en rad per mål och "
                            "datum (en ny bedömning får ett nytt datum)")
        seen[key] = line
        _check_actions(row, src, line)
        out.append({**row, **typed, "line": line})
    df = pd.DataFrame(out, columns=[*COLUMNS, "line"])
    df["rating"] = pd.array(df["rating"], dtype="Int64")
    df["women"] = pd.array(df["women"], dtype="Int64")
    df["men"] = pd.array(df["men"], dtype="Int64")
    df["achieved_value"] = pd.to_numeric(df["achieved_value"]).astype(float)
    df["date"] = pd.to_datetime(df["date"])
    df["after_period"] = (df["date"] > pd.Timestamp(period[1])).astype(bool)
    df.insert(0, "project_id", project_id)
    df["file"] = src.file
    return df


@lru_cache(maxsize=4)
def _assessments_cached(directory: str, today: date) -> pd.DataFrame:
    from .goals import project_ids

    return pd.concat([_read_source(p, entry_source(p, directory), None, today)
                      for p in project_ids()], ignore_index=True)


def assessments(directory: str | Path | None = None, *, today: date | None = None) -> pd.DataFrame:
    """Every registered project's checked entries (default ``data/assessment/``: the workbook
    ``bedomning.xlsx`` or the CSV files, see :func:`entry_source`), one frame (a copy)."""
    return _assessments_cached(str(assessment_directory(directory)),
                               date.today() if today is None else today).copy()


# ---------------------------------------------------------------------------- the template


def template(project_id: str, items: pd.DataFrame | None = None) -> str:
    """The entry file an evaluator starts from: the scale and questions as comments, one empty
    row per item of the project's framework (``goal`` is the item's first words, for reading)."""
    from .goals import framework

    items = framework() if items is None else items
    own = items[items["project_id"] == project_id]
    start, end = _period(project_id)
    sources = question_sources(items)
    lines = [f"# Självvärdering {project_id}: en rad per mål i beslutet. Fyll i och spara som CSV (UTF-8, semikolon och Excels andra CSV-format går också) eller använd Excel-formuläret bedomning.xlsx.",
             "# rating: 1–4 eller tomt (= ej bedömt). Skalan:"]
    lines += [f"#   {k} = {label}: {text}" for k, (label, text) in SCALE.items()]
    lines += [
        "# Ett betyg kräver evidence (underlaget), source (var det står) och date (ÅÅÅÅ-MM-DD, "
        f"den dag bedömningen avser, från projektets start {start} till i dag; beslutad period "
        f"{start}–{end}).",
        "# En ny bedömning av samma mål: lägg till en rad med samma item_id och ett nytt datum "
        "(det senaste gäller; tidigare rader blir betygets historik).",
        "# achieved_value: bara för mål med målvärde (i målets enhet). women/men: bara där beslutet "
        "ber om jämställdhetsanalys.",
    ]
    horizontal = ", ".join(own.loc[own["horizontal"], "item_id"])
    if horizontal:
        lines.append(f"# De horisontella kriterierna ({horizontal}) har egna frågor; svara på alla tre "
                     "när ett sådant mål får betyg:")
        lines += [f"#   {c}: {q} (frågan bygger på {sources[c]})"
                  for c, (q, _) in HORIZONTAL_QUESTIONS.items()]
    else:
        lines.append("# Beslutet har inga horisontella kriterier med egna frågor; perspektiven bedöms "
                     "som övriga mål.")
    lines += ["# Handlingsplan: action (åtgärd), responsible (ansvarig), due (tidpunkt ÅÅÅÅ-MM) – alla tre "
              "eller inget.",
              "# Se data/assessment/README.md."]
    if project_id == mirror_project():
        lines.append(f"# Åtgärder för speglingens svaga områden: lägg till en rad med item_id "
                     f"{MIRROR_PREFIX}-<fokus>-<indikator> (som i arbetsbokens flik ”Id för bedömningsfilerna”).")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for _, item in own.iterrows():
        w.writerow([item["item_id"], f"{item['kind_label']}: {item['title']}"]
                   + [""] * (len(COLUMNS) - 2))
    return "\n".join(lines) + "\n" + buf.getvalue()


def has_entries(path: Path) -> bool:
    """True if the CSV file has anything besides item ids and goal texts."""
    return _source_has_entries(_csv_source(Path(path)))


def entries_dir_label(directory: str | Path | None = None) -> str:
    """'data/assessment' (or the directory in use) for the chapter's prose."""
    d = assessment_directory(directory).resolve()
    try:
        return str(d.relative_to(paths.ROOT))
    except ValueError:
        return str(d)
