"""CLI ``python -m analysis bedomningsmall``: the evaluator's form, written and checked.

The form is an Excel workbook (``data/assessment/bedomning.xlsx``): an instructions sheet in
Swedish and one sheet per project of the document register, one row per item of the project's
results framework. The goal's id, text and place in the decision are locked (the sheet is
protected without a password); the rating is a drop-down list of the scale, the date cells
are dates from the project's start to today, and spare rows below the goals take new dated
assessments (the rating's history) and the mirror's weak areas. ``--csv`` writes the older CSV
templates instead (:func:`analysis.tables.assessment.template`). ``--kontrollera`` reads every
project's entries as the report does and prints the first problem with file, sheet, row and
column.

Nothing is overwritten that holds entries: a project that already has a sheet (or a CSV
file) is left as it is, a missing one is added.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from ..core.errors import DataError
from ..tables import assessment as asm

SPARE_ROWS = 150          # empty rows under the goals: new dated assessments, mirror rows
_WIDTHS = {"item_id": 16, "goal": 60, "rating": 11, "evidence": 50, "source": 32, "date": 14,
           "achieved_value": 13, "women": 9, "men": 9, "hq_analysis": 36, "hq_results": 36,
           "hq_working_methods": 36, "action": 40, "responsible": 22, "due": 14,
           "assessed_by": 20, "comment": 40}
_EDITABLE = [c for c in asm.COLUMNS if c not in ("item_id", "goal")]


def _height(text: str, width: int) -> float:
    """A row's height in points for ``text`` wrapped in a column ``width`` characters wide
    (office programs do not always fit wrapped rows themselves)."""
    import math

    lines = sum(max(1, math.ceil(len(part) / (width * 0.95))) for part in str(text).split("\n"))
    return 15.0 * lines


def _layout() -> list[str]:
    """The sheet's columns: the id, the goal, its place in the decision, then the entries."""
    return ["item_id", "goal", "reference", *_EDITABLE]


def _instructions(ws, projects: list[str]) -> None:
    from openpyxl.styles import Alignment, Font

    from ..sources.decisions import project_label

    rows: list[tuple[str, str]] = [
        ("Självvärdering: bedömning av målen i besluten", ""),
        ("", ""),
        ("Så fyller du i", "En flik per projekt, en rad per mål i beslutet. Målets id, text och källa "
         "i beslutet är låsta. Fyll i betyg, underlag, källa och datum; resten efter behov."),
        ("Betyg", "Välj 1–4 i listan, eller lämna tomt (= ej bedömt)."),
        *[(f"  {k}", f"{label}: {text}") for k, (label, text) in asm.SCALE.items()],
        ("Underlag och källa", "Ett betyg kräver underlaget i klartext och var det står "
         "(rapport, dnr, sida, protokoll)."),
        ("Datum", "Den dag bedömningen avser (ÅÅÅÅ-MM-DD), från projektets start till i dag. En "
         "bedömning efter den beslutade perioden godtas; rapporten säger att den avser tiden efter."),
        ("Ny bedömning", "Bedöm ett mål igen genom att skriva målets id i en tom rad under målen "
         "(välj i listan) med ett nytt datum. Det senaste datumet gäller; de tidigare raderna "
         "visas som betygets historik. Samma mål två gånger på samma datum är ett fel."),
        ("Uppnått värde", "Bara för mål med målvärde, i målets enhet. Skriv tal som vanligt: "
         "1 200 eller 1,5."),
        ("Kvinnor, Män", "Bara där beslutet ber om jämställdhetsanalys; båda eller ingen."),
        ("Horisontella kriterier", "Kolumnerna Analys av målgrupperna, Steg i resultat och Steg i "
         "arbetssätt besvaras när ett horisontellt kriterium får betyg, och bara då."),
        *[(f"  {asm.LABELS[c]}", q) for c, (q, _) in asm.HORIZONTAL_QUESTIONS.items()],
        ("Handlingsplan", "Åtgärd, Ansvarig och Tidpunkt (ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD): alla tre eller "
         "inget. Betyg 1 och 2 hamnar i rapportens handlingsplan för svaga områden."),
        ("Svaga områden i speglingen", f"Skriv id:t från rapportens handlingsplan "
         f"({asm.MIRROR_PREFIX}-<fokus>-<indikator>) i en tom rad på fliken {asm.mirror_project()} "
         "och fyll bara i Åtgärd, Ansvarig och Tidpunkt."),
        ("Bedömd av, Kommentar", "Valfritt: vem som bedömt, och förbehåll."),
        ("Kontroll", "Spara som Excel-arbetsbok (.xlsx). Kör python -m analysis bedomningsmall "
         "--kontrollera: ett fel anger fil, flik, rad och kolumn."),
        ("", ""),
        ("Projekt i arbetsboken", ", ".join(f"{project_label(p)} (fliken {p})" for p in projects)),
    ]
    for r, (a, b) in enumerate(rows, start=1):
        if a:                   # an empty cell lets the title run over into column B
            ws.cell(r, 1, a).font = Font(bold=True, size=14 if r == 1 else 11)
            ws.cell(r, 1).alignment = Alignment(vertical="top")
        if b:
            ws.cell(r, 2, b).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = _height(b, 100)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    from ..present.workbook import print_setup  # landscape, one page wide, as the report's

    print_setup(ws)
    ws.protection.sheet = True


def _project_sheet(wb, project_id: str, items) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..tables.goals import cite

    own = items[items["project_id"] == project_id]
    start, end = asm._period(project_id)
    ws = wb.create_sheet(project_id)
    layout = _layout()
    letter = {c: get_column_letter(i) for i, c in enumerate(layout, start=1)}
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for i, c in enumerate(layout, start=1):
        cell = ws.cell(1, i, asm.REFERENCE_LABEL if c == "reference" else asm.LABELS[c])
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter[c]].width = 34 if c == "reference" else _WIDTHS[c]
    last_goal = 1 + len(own)
    last = last_goal + SPARE_ROWS
    for r, (_, item) in enumerate(own.iterrows(), start=2):
        for c, value in (("item_id", item["item_id"]), ("goal", f"{item['kind_label']}: {item['text']}"),
                         ("reference", cite(item))):
            cell = ws.cell(r, layout.index(c) + 1, value)
            cell.fill = locked_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = _height(f"{item['kind_label']}: {item['text']}", _WIDTHS["goal"])
    for r in range(2, last + 1):
        for c in _EDITABLE + (["item_id"] if r > last_goal else []):
            cell = ws.cell(r, layout.index(c) + 1)
            cell.protection = Protection(locked=False)
            if c in _EDITABLE:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c == "date":
                cell.number_format = "yyyy-mm-dd"
            elif c == "due":
                cell.number_format = "@"
    rng = lambda c, a=2, b=last: f"{letter[c]}{a}:{letter[c]}{b}"  # noqa: E731
    rating = DataValidation(type="list", formula1='"1,2,3,4"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Betyg",
                            error="Betyget är 1, 2, 3 eller 4 (tomt = ej bedömt).",
                            showInputMessage=True, promptTitle="Betyg",
                            prompt="1 inte uppnått, 2 delvis, 3 till stor del, 4 uppnått")
    rating.add(rng("rating"))
    when = DataValidation(type="date", operator="between",
                          formula1=f"DATE({start.year},{start.month},{start.day})",
                          formula2="TODAY()", allow_blank=True, showErrorMessage=True,
                          errorTitle="Datum",
                          error=f"Ett datum från projektets start {start} till i dag (ÅÅÅÅ-MM-DD).",
                          showInputMessage=True, promptTitle="Datum",
                          prompt=f"Dagen bedömningen avser, ÅÅÅÅ-MM-DD. Beslutad period {start}–{end}.")
    when.add(rng("date"))
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                           allow_blank=True, showErrorMessage=True, errorTitle="Antal",
                           error="Ett heltal, 0 eller mer.")
    whole.add(rng("women"))
    whole.add(rng("men"))
    value = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                           allow_blank=True, showErrorMessage=True, errorTitle="Uppnått värde",
                           error="Ett tal, 0 eller mer, i målets enhet.")
    value.add(rng("achieved_value"))
    own_ids = f"'{project_id}'!${letter['item_id']}$2:${letter['item_id']}${last_goal}"
    ids = DataValidation(type="list", formula1=f"={own_ids}",
                         allow_blank=True, showErrorMessage=True, errorStyle="warning",
                         errorTitle="Mål-id", error="Välj ett mål-id ur listan (eller ett "
                         f"{asm.MIRROR_PREFIX}-id ur rapportens handlingsplan).")
    if last_goal >= 2:
        ids.add(rng("item_id", last_goal + 1, last))
    for dv in (rating, when, whole, value, ids):
        ws.add_data_validation(dv)
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.protection.sheet = True
    ws.protection.formatColumns = False      # allowed: widen columns, set row heights
    ws.protection.formatRows = False
    ws.protection.formatCells = False


def workbook_bytes(projects: list[str], items=None, existing: Path | None = None) -> bytes:
    """The form as .xlsx bytes: the instructions and one sheet per project in ``projects``;
    with ``existing``, that workbook's sheets are kept and the missing projects added."""
    from openpyxl import Workbook, load_workbook

    from ..tables.goals import framework

    items = framework() if items is None else items
    if existing is not None:
        wb = load_workbook(existing)
        if asm.INSTRUCTIONS_SHEET in wb.sheetnames:
            del wb[asm.INSTRUCTIONS_SHEET]
        ws = wb.create_sheet(asm.INSTRUCTIONS_SHEET, 0)
    else:
        wb = Workbook()
        ws = wb.active
        ws.title = asm.INSTRUCTIONS_SHEET
    for pid in projects:
        _project_sheet(wb, pid, items)
    _instructions(ws, [s for s in wb.sheetnames if s != asm.INSTRUCTIONS_SHEET])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _SwedishArgumentError(Exception):
    pass


def add_arguments(parser) -> None:
    parser.add_argument("--projekt", action="append", metavar="ID",
                        help="projektets id i dokumentregistret (kan anges flera gånger; standard: alla)")
    parser.add_argument("--ut", type=Path, default=None, help="mapp (standard: data/assessment)")
    parser.add_argument("--csv", action="store_true",
                        help="skriv CSV-mallar (en fil per projekt) i stället för arbetsboken")
    parser.add_argument("--skriv-over", action="store_true",
                        help="ersätt en befintlig mall som ännu inte har några bedömningar")
    parser.add_argument("--kontrollera", action="store_true",
                        help="kontrollera de ifyllda bedömningarna i stället för att skriva mallar")


def _registered() -> list[str]:
    from ..tables.goals import project_ids

    return project_ids()


def _chosen(args) -> list[str]:
    known = _registered()
    chosen = list(dict.fromkeys(args.projekt or known))
    unknown = [p for p in chosen if p not in known]
    if unknown:
        raise _SwedishArgumentError(
            f"okänt projekt {', '.join(unknown)}; projekten i dokumentregistret "
            f"(data/reference/documents.csv) är {', '.join(known)}")
    return chosen


def _check(directory: Path, chosen: list[str], today: date | None) -> int:
    for pid in chosen:
        try:
            src = asm.entry_source(pid, directory)
            df = asm._read_source(pid, src, None, today)
        except DataError as err:
            print(f"Fel: {err}")
            return 1
        rated = int(df["rating"].notna().sum())
        print(f"  {src.file}: {rated} bedömningar på {df['item_id'].nunique()} mål, inga fel")
    return 0


def _write_csv(directory: Path, chosen: list[str], overwrite: bool) -> int:
    from ..core.atomic import write_text

    for pid in chosen:
        path = asm.assessment_file(pid, directory)
        if path.exists() and overwrite and asm.has_entries(path):
            print(f"Fel: {path} innehåller bedömningar; ingenting skrevs")
            return 1
    for pid in chosen:
        path = asm.assessment_file(pid, directory)
        if path.exists() and not overwrite:
            print(f"  {path}: finns redan, lämnas orörd (--skriv-over ersätter en tom mall)")
            continue
        write_text(path, asm.template(pid))
        print(f"  {path}: mall skriven")
    return 0


def _write_book(directory: Path, chosen: list[str], overwrite: bool) -> int:
    from ..core.atomic import write_bytes

    path = directory / asm.WORKBOOK_NAME
    existing = None
    if path.exists():
        wb = asm._open_workbook(path)
        have = [p for p in chosen if p in wb.sheetnames]
        if overwrite:
            full = [p for p in have if asm._source_has_entries(asm._sheet_source(path, p, wb))]
            if full:
                print(f"Fel: fliken {', '.join(full)} i {path} innehåller bedömningar; ingenting "
                      "skrevs")
                return 1
            if len(have) == len([s for s in wb.sheetnames if s != asm.INSTRUCTIONS_SHEET]):
                existing = None          # every project sheet is replaced: a new workbook
            else:
                from openpyxl import load_workbook

                keep = load_workbook(path)
                for p in have:
                    del keep[p]
                staged = io.BytesIO()
                keep.save(staged)
                existing = staged
        else:
            for p in have:
                print(f"  {path}, fliken {p}: finns redan, lämnas orörd")
            chosen = [p for p in chosen if p not in have]
            if not chosen:
                print("  Ingenting att skriva: alla flikar finns redan.")
                return 0
            existing = path
    write_bytes(path, workbook_bytes(chosen, existing=existing))
    for p in chosen:
        print(f"  {path}, fliken {p}: mall skriven")
    return 0


def run(args, today: date | None = None) -> int:
    directory = asm.assessment_directory(args.ut)
    try:
        chosen = _chosen(args)
        if args.kontrollera:
            return _check(directory, chosen, today)
        directory.mkdir(parents=True, exist_ok=True)
        if getattr(args, "csv", False):
            return _write_csv(directory, chosen, args.skriv_over)
        return _write_book(directory, chosen, args.skriv_over)
    except _SwedishArgumentError as err:
        print(f"Fel: {err}")
        return 2
    except DataError as err:
        print(f"Fel: {err}")
        return 1
