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
the line. :func:`template` writes the file an evaluator starts from (``python -m analysis
bedomningsmall``); the repository's own files are that template, with nothing assessed.
"""

from __future__ import annotations

import csv
import io
import os
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
MIRROR_PROJECT = "REAL_OMS"   # the running project: actions for the mirror's weak areas go here
_MIRROR_ID = re.compile(rf"^{MIRROR_PREFIX}-(?P<focus>SE12|\d\d)-(?P<indicator>[a-z0-9_]+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DUE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_ACTION_COLUMNS = ("action", "responsible", "due")
_ASSESSMENT_COLUMNS = ("rating", "evidence", "source", "date", "achieved_value", "women", "men",
                       *HORIZONTAL_QUESTIONS)


def assessment_directory(directory: str | Path | None = None) -> Path:
    """``directory``, else ``$OMS_ASSESSMENT_DIR`` (tests point it at the fixture), else
    ``data/assessment/``; a relative path is taken from the repository's root."""
    d = Path(directory or os.environ.get("OMS_ASSESSMENT_DIR") or ASSESSMENT_DIR)
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


def _period(project_id: str) -> tuple[date, date]:
    from .budgets import projects

    p = projects().set_index("project_id")
    return pd.Timestamp(p.at[project_id, "start_date"]).date(), \
        pd.Timestamp(p.at[project_id, "end_date"]).date()


def _number(text: str, path: Path, line: int, col: str, *, integer: bool = False) -> float:
    t = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        raise DataError(path, line, f"kolumnen {col}: {text!r} är inget tal") from None
    if value < 0 or (integer and value != int(value)):
        raise DataError(path, line, f"kolumnen {col}: {text!r} ska vara "
                                    + ("ett heltal ≥ 0" if integer else "ett tal ≥ 0"))
    return value


def _check_mirror_row(row: dict, path: Path, line: int, project_id: str) -> None:
    from ..core.params import valid_focus_values

    m = _MIRROR_ID.match(row["item_id"])
    if project_id != MIRROR_PROJECT:
        raise DataError(path, line, f"åtgärder för speglingens svaga områden förs in i "
                                    f"{MIRROR_PROJECT}.csv, inte här")
    if m is None or m["focus"] not in valid_focus_values() or m["indicator"] not in mirror_indicators():
        raise DataError(path, line, f"okänt svagt område {row['item_id']!r}; skriv "
                                    f"{MIRROR_PREFIX}-<fokus>-<indikator> som i arbetsbokens flik ”Id för bedömningsfilerna”")
    filled = [c for c in _ASSESSMENT_COLUMNS if row[c]]
    if filled:
        raise DataError(path, line, f"ett svagt område från speglingen får bara åtgärd, ansvarig och "
                                    f"tidpunkt, inte {', '.join(filled)}")


def _check_item_row(row: dict, item: pd.Series, path: Path, line: int,
                    period: tuple[date, date]) -> dict:
    out: dict = {"rating": None, "date": None, "achieved_value": None, "women": None, "men": None}
    if row["rating"]:
        if row["rating"] not in {str(k) for k in SCALE}:
            raise DataError(path, line, f"betyget {row['rating']!r} finns inte på skalan 1–4")
        out["rating"] = int(row["rating"])
        for col in ("evidence", "source", "date"):
            if not row[col]:
                raise DataError(path, line, f"betyget {row['rating']} saknar {col} "
                                            "(underlag, källa och datum krävs)")
        if item["horizontal"]:
            missing = [c for c in HORIZONTAL_QUESTIONS if not row[c]]
            if missing:
                raise DataError(path, line, f"{row['item_id']} gäller de horisontella kriterierna: "
                                            f"svara på frågorna {', '.join(missing)}")
    elif any(row[c] for c in ("evidence", "achieved_value", "women", "men", *HORIZONTAL_QUESTIONS)):
        raise DataError(path, line, "underlag eller värden utan betyg: ange rating 1–4")
    if row["date"]:
        if not _DATE.match(row["date"]):
            raise DataError(path, line, f"datumet {row['date']!r} ska skrivas ÅÅÅÅ-MM-DD")
        try:
            d = date.fromisoformat(row["date"])
        except ValueError:
            raise DataError(path, line, f"omöjligt datum {row['date']!r}") from None
        if not period[0] <= d <= period[1]:
            raise DataError(path, line, f"datumet {d} ligger utanför projektperioden "
                                        f"{period[0]}–{period[1]}")
        out["date"] = d
    if row["achieved_value"]:
        if pd.isna(item["value"]):
            raise DataError(path, line, f"{row['item_id']} har inget målvärde; lämna achieved_value tom")
        out["achieved_value"] = _number(row["achieved_value"], path, line, "achieved_value")
    for col in ("women", "men"):
        if row[col]:
            if not item["sex_split"]:
                raise DataError(path, line, f"{row['item_id']}: beslutet ber inte om siffror per kön "
                                            f"här; lämna {col} tom")
            out[col] = int(_number(row[col], path, line, col, integer=True))
    if bool(row["women"]) != bool(row["men"]):
        raise DataError(path, line, "ange både women och men, eller ingen av dem")
    for col in HORIZONTAL_QUESTIONS:
        if row[col] and not item["horizontal"]:
            raise DataError(path, line, f"{col} gäller bara de horisontella kriterierna")
    return out


def _check_actions(row: dict, path: Path, line: int) -> None:
    given = [c for c in _ACTION_COLUMNS if row[c]]
    if given and len(given) < len(_ACTION_COLUMNS):
        missing = [c for c in _ACTION_COLUMNS if not row[c]]
        raise DataError(path, line, f"åtgärden är inte komplett: fyll i {', '.join(missing)}")
    if row["due"] and not _DUE.match(row["due"]):
        raise DataError(path, line, f"tidpunkten {row['due']!r} ska skrivas ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD")


def _rows(path: Path):
    """(line number, fields) for every data row; comment lines (#) and blank lines skipped.

    A spreadsheet may save the file with semicolons (Swedish Excel) and may quote a comment
    line or pad it with empty fields; all of that is read. One row per line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path, None, "bedömningsfilen saknas (skapa den med python -m analysis "
                                    "bedomningsmall)") from None
    except UnicodeDecodeError:
        raise DataError(path, None, "filen är inte sparad som UTF-8") from None
    delimiter = None
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip(" ,;\t"):
            continue
        if delimiter is None and not raw.lstrip(' "').startswith("#"):
            delimiter = ";" if raw.count(";") > raw.count(",") else ","
        fields = next(csv.reader([raw], delimiter=delimiter or ","))
        if fields and fields[0].lstrip().startswith("#"):
            continue
        yield n, fields


def read_assessment(project_id: str, path: str | Path | None = None,
                    items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check one project's entry file; every problem is a DataError (file, line).

    Returns one row per entered row: ``item_id``, the typed values (``rating`` Int64, ``date``,
    ``achieved_value``, ``women``, ``men``), the texts, ``line`` (the file line) and ``file``
    (the file read).
    """
    from .goals import framework

    path = Path(path) if path is not None else assessment_file(project_id)
    items = framework() if items is None else items
    own = items[items["project_id"] == project_id].set_index("item_id")
    period = _period(project_id)
    rows = _rows(path)
    first = next(rows, None)
    if first is None or [c.strip() for c in first[1]] != COLUMNS:
        raise DataError(path, first[0] if first else None,
                        f"fel kolumner; väntade {', '.join(COLUMNS)}")
    out, seen = [], {}
    for line, fields in rows:
        if len(fields) != len(COLUMNS):
            raise DataError(path, line, f"raden har {len(fields)} fält, väntade {len(COLUMNS)}")
        row = {c: f.strip() for c, f in zip(COLUMNS, fields)}
        item_id = row["item_id"]
        if not item_id:
            raise DataError(path, line, "kolumnen item_id är tom")
        if item_id in seen:
            raise DataError(path, line, f"{item_id} står redan på rad {seen[item_id]}")
        seen[item_id] = line
        if item_id.startswith(MIRROR_PREFIX + "-"):
            _check_mirror_row(row, path, line, project_id)
            typed = {"rating": None, "date": None, "achieved_value": None, "women": None, "men": None}
        elif item_id not in own.index:
            raise DataError(path, line, f"okänt mål {item_id!r} i {project_id}; giltiga id står i "
                                        "mallen (python -m analysis bedomningsmall)")
        else:
            typed = _check_item_row(row, own.loc[item_id], path, line, period)
        _check_actions(row, path, line)
        out.append({**row, **typed, "line": line})
    df = pd.DataFrame(out, columns=[*COLUMNS, "line"])
    df["rating"] = pd.array(df["rating"], dtype="Int64")
    df["women"] = pd.array(df["women"], dtype="Int64")
    df["men"] = pd.array(df["men"], dtype="Int64")
    df["achieved_value"] = pd.to_numeric(df["achieved_value"]).astype(float)
    df["date"] = pd.to_datetime(df["date"])
    df.insert(0, "project_id", project_id)
    df["file"] = str(path)
    return df


@lru_cache(maxsize=4)
def _assessments_cached(directory: str) -> pd.DataFrame:
    from .goals import project_ids

    return pd.concat([read_assessment(p, assessment_file(p, directory)) for p in project_ids()],
                     ignore_index=True)


def assessments(directory: str | Path | None = None) -> pd.DataFrame:
    """Every project's checked entry file (default ``data/assessment/``), one frame (a copy)."""
    return _assessments_cached(str(assessment_directory(directory))).copy()


# ---------------------------------------------------------------------------- the template


def template(project_id: str, items: pd.DataFrame | None = None) -> str:
    """The entry file an evaluator starts from: the scale and questions as comments, one empty
    row per item of the project's framework (``goal`` is the item's first words, for reading)."""
    from .goals import framework

    items = framework() if items is None else items
    own = items[items["project_id"] == project_id]
    start, end = _period(project_id)
    sources = question_sources(items)
    lines = [f"# Självvärdering {project_id}: en rad per mål i beslutet. Fyll i, spara som CSV (UTF-8).",
             "# rating: 1–4 eller tomt (= ej bedömt). Skalan:"]
    lines += [f"#   {k} = {label}: {text}" for k, (label, text) in SCALE.items()]
    lines += [
        "# Ett betyg kräver evidence (underlaget), source (var det står) och date (ÅÅÅÅ-MM-DD, "
        f"den dag bedömningen avser, inom {start}–{end}).",
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
    if project_id == MIRROR_PROJECT:
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
    """True if the file has anything besides item ids and goal texts."""
    rows = list(_rows(path))
    return any(any(f.strip() for f in fields[2:]) for _, fields in rows[1:])


def add_arguments(parser) -> None:
    parser.add_argument("--projekt", choices=["ECS3", "REAL_OMS"], action="append",
                        help="projekt (standard: båda)")
    parser.add_argument("--ut", type=Path, default=None, help="mapp (standard: data/assessment)")
    parser.add_argument("--skriv-over", action="store_true",
                        help="ersätt en befintlig mall som ännu inte har några bedömningar")
    parser.add_argument("--kontrollera", action="store_true",
                        help="kontrollera de ifyllda filerna i stället för att skriva mallar")


def run(args) -> int:
    from .goals import project_ids

    directory = assessment_directory(args.ut)
    chosen = args.projekt or project_ids()
    if args.kontrollera:
        for pid in chosen:
            try:
                df = read_assessment(pid, assessment_file(pid, directory))
            except DataError as err:
                print(f"Fel: {err}")
                return 1
            print(f"  {assessment_file(pid, directory).name}: {int(df['rating'].notna().sum())} av "
                  f"{len(df)} rader bedömda, inga fel")
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    for pid in chosen:
        path = assessment_file(pid, directory)
        if path.exists() and (not args.skriv_over or has_entries(path)):
            why = "innehåller bedömningar" if path.exists() and has_entries(path) else "finns redan"
            print(f"Fel: {path} {why}; ingenting skrevs (använd --skriv-over för en tom mall)")
            return 1
    for pid in chosen:
        path = assessment_file(pid, directory)
        path.write_text(template(pid), encoding="utf-8")
        print(f"  {path}: mall skriven")
    return 0


def entries_dir_label(directory: str | Path | None = None) -> str:
    """'data/assessment' (or the directory in use) for the chapter's prose."""
    d = assessment_directory(directory).resolve()
    try:
        return str(d.relative_to(paths.ROOT))
    except ValueError:
        return str(d)
