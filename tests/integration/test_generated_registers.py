"""Registers of 1, 2, 3 and 5 generated decisions go through extract, the over-time analyses and
findings, and every chapter the book lists executed in the kernel (issue 20): each must run and
show the generated values. The evaluator's form (``bedomningsmall``, a sheet per project, checked)
is made for every size; the notebooks (papermill) and the workbook for three projects; a
registered decision that does not parse stops ``bedomningsmall --kontrollera`` with a Swedish
message naming the file.

The decisions are generated from the two real templates with new periods and budgets
(``tests/generated_register.py``); the register lists them newest first, so the package must
order them by start date itself. The assertions are the generated values: each project's total
and regional co-financing, the latest pair's names and its change per project month, the latest
project as the one that takes the mirror's actions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generated_register import generated_root

SIZES = (1, 2, 3, 5)


def _msek(value: int) -> str:
    return f"{value / 1e6:.1f}".replace(".", ",") + "\u00a0mnkr"


def _sek(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0kr"


def _chapter_text(nb) -> str:
    from analysis.pipeline import report

    parts = [str(i["value"]) for i in report.inline_results(nb)]
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(str(data.get("text/markdown", data.get("text/html", ""))))
    return "\n".join(parts).replace("\\", "")


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}-projekt" for n in SIZES])
def generated(request, tmp_path_factory):
    n = request.param
    root = tmp_path_factory.mktemp(f"register-{n}")
    projects = generated_root(root, n)
    env = {**os.environ, "OMS_PROJECT_ROOT": str(root), "OMS_TABLES_DIR": str(root / "tables"),
           "OMS_CACHE_DIR": str(root / "cache")}
    done = subprocess.run([sys.executable, "-m", "analysis", "extract"], env=env,
                          capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    # the evaluator's templates for every project, as `bedomningsmall` writes them
    _in_root(root, "from analysis.tables import assessment\n"
                   "from analysis.sources.decisions import project_ids\n"
                   "for p in project_ids():\n"
                   "    f = assessment.assessment_file(p)\n"
                   "    f.exists() or f.write_text(assessment.template(p), encoding='utf-8')\n",
             env)
    with pytest.MonkeyPatch.context() as mp:
        for k in ("OMS_PROJECT_ROOT", "OMS_TABLES_DIR", "OMS_CACHE_DIR"):
            mp.setenv(k, env[k])
        yield root, projects


def _in_root(root, code: str, env: dict | None = None) -> str:
    env = {**os.environ} if env is None else env
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=root)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_analyses_and_findings_follow_the_register(generated):
    root, projects = generated
    out = _in_root(root, (
        "from analysis.analyses import financing as fin\n"
        "from analysis.narrative.findings import financing_findings\n"
        "t = fin.project_totals().set_index('project_id')\n"
        "import json\n"
        "F = financing_findings(base_year=2023, assumption='hold_latest')\n"
        "texts = dict(zip(F['key'], F['text']))\n"
        "print(json.dumps([fin.project_order(),\n"
        "    {p: [int(t.at[p, 'total_sek']), int(t.at[p, 'regional_sek'])] for p in t.index},\n"
        "    sorted(k for k in F['key'] if 'change' in k),\n"
        "    texts.get('total_change', ''), texts.get('region_change', '')]))\n"))
    order, totals, keys, total_change, region_change = json.loads(out)
    assert order == [p.project_id for p in projects]  # start order, not register order
    assert totals == {p.project_id: [p.total_sek, p.regional_sek] for p in projects}
    if len(projects) == 1:
        assert keys == [] and total_change == ""
        return
    a, b = projects[-2], projects[-1]
    assert {"total_change", "regional_change", "region_change", "fixed_price_change"} <= set(keys)
    earlier_pairs = {f"total_change_{x.project_id}_{y.project_id}"
                     for x, y in zip(projects[:-2], projects[1:-1])}
    assert earlier_pairs <= set(keys)
    assert f"{_msek(a.total_sek)} i {a.short_name} ({a.months} månader)" in total_change
    assert f"{_msek(b.total_sek)} i {b.short_name} ({b.months} månader)" in total_change
    change = (b.total_sek / b.months) / (a.total_sek / a.months) - 1
    assert f"{change * 100:+.1f}".replace(".", ",").replace("-", "\u2212") + "\u00a0%" in total_change
    assert region_change.startswith(f"Från {a.short_name} till {b.short_name} ")


MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
SHIPPED_NAMES = ("ECS3", "REAL ÖMS", "REAL_OMS")


def _names(projects) -> str:
    names = [p.short_name for p in projects]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def test_every_chapter_executes_with_the_generated_values(generated):
    """Every chapter the book lists runs for the generated register and shows its values; no
    chapter names a project the register does not hold (the technical appendix's data
    catalogue excepted: it describes the source files, which the tree still holds)."""
    from analysis.pipeline import report

    root, projects = generated
    texts = {name: _chapter_text(report.execute_chapter(root / "report" / name, None))
             for name in report.chapter_files()}
    assert set(texts) == {"index.qmd", "projekten.qmd", "finansiering.qmd", "utveckling.qmd",
                          "mal.qmd", "sjalvvardering.qmd", "spegling.qmd",
                          "utmaningsomraden.qmd", "metod.qmd"}
    for name, text in texts.items():
        if name != "metod.qmd":
            assert not [n for n in SHIPPED_NAMES if n in text], name
    first, last = projects[0], projects[-1]

    # the summary: the register's projects, in start order
    assert f"för {_names(projects)}." in texts["index.qmd"]

    proj = texts["projekten.qmd"]
    for p in projects:  # every project: its heading and its budget as decided
        assert f"## {p.short_name}" in proj
        assert _sek(p.total_sek) in proj

    fin = texts["finansiering.qmd"]
    for p in projects:  # the regions' co-financing of each project, in kronor
        assert f"medfinansiering på {_sek(p.regional_sek)}" in fin

    mal = texts["mal.qmd"]
    assert f"besluten för {_names(projects)} som en kedja" in mal
    for p in projects:  # the programme theory's resources: each budget
        assert _msek(p.total_sek) in mal

    sjv = texts["sjalvvardering.qmd"]
    for p in projects:
        assert f"### {p.short_name}" in sjv
    if len(projects) == 1:
        assert f"Registret har ett projekt, {first.short_name};" in sjv
    else:  # the continuity register holds none of the generated pairs: said plainly
        a, b = projects[-2], projects[-1]
        assert f"säger inte vilka av {b.short_name}:s mål som fortsätter {a.short_name}:s" in sjv

    spg = texts["spegling.qmd"]
    assert f"{first.short_name} (20" in spg  # the mirror's periods follow the projects
    for p in projects:
        assert f"beslutsunderlag för {p.short_name}" in spg

    utm = texts["utmaningsomraden.qmd"]
    assert "Smart industri" in utm and "Årlig revidering av planerna" in utm

    met = texts["metod.qmd"]
    assert f"beslutsunderlag för {_names(projects)}" in met
    # the mirror's weak areas go to the latest project; the prices assumption's example of a
    # partial year is the latest project's first year
    assert f"<td>{last.short_name}</td><td>Svagt område</td>" in met
    assert (f"({last.short_name} {last.start.year} = {MONTHS[last.start.month - 1]}–december)"
            in met)

    utv = texts["utveckling.qmd"]
    if len(projects) == 1:
        assert "har ett projekt" in utv
        return
    a, b = projects[-2], projects[-1]
    assert (f"en ring för bidraget till {a.short_name} och en romb för bidraget till "
            f"{b.short_name}") in utv  # the chart's alt text names the latest pair
    assert f"Från {a.short_name} till {b.short_name} " in utv
    assert "om KPI stiger 1\u00a0% per år" in utv or "KPI stiger 1" in utv
    if len(projects) > 2:
        assert f"de två senaste, {a.short_name} och {b.short_name}" in utv


def _run(root, *args, env: dict | None = None) -> subprocess.CompletedProcess:
    env = env or {**os.environ, "OMS_PROJECT_ROOT": str(root), "OMS_TABLES_DIR": str(root / "tables"),
                  "OMS_CACHE_DIR": str(root / "cache")}
    return subprocess.run([sys.executable, "-m", "analysis", *args], env=env, capture_output=True,
                          text=True, cwd=root)


def test_the_assessment_form_has_a_sheet_for_every_generated_project(generated, tmp_path):
    """``bedomningsmall`` writes the evaluator's workbook for whatever projects the register
    holds (one sheet each, in start order), tells where the mirror's weak areas go (the latest
    project), checks it, and writes one project's CSV template on request."""
    from openpyxl import load_workbook

    root, projects = generated
    form = tmp_path / "form"
    done = _run(root, "bedomningsmall", "--ut", str(form))
    assert done.returncode == 0, done.stdout + done.stderr
    wb = load_workbook(form / "bedomning.xlsx")
    assert wb.sheetnames == ["Instruktioner", *[p.project_id for p in projects]]
    cells = [str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row if c.value]
    assert any(f"på fliken {projects[-1].project_id} " in c for c in cells)
    listed = next(c for c in cells if "(fliken " in c)
    assert listed == ", ".join(f"{p.short_name} (fliken {p.project_id})" for p in projects)
    for p in projects:  # the goals of the generated decision, with its title's project
        ws = wb[p.project_id]
        assert str(ws.cell(2, 1).value).startswith(f"{p.project_id}-")
        assert p.document in str(ws.cell(2, 3).value) or "beslutsunderlag" in str(ws.cell(2, 3).value)
    checked = _run(root, "bedomningsmall", "--ut", str(form), "--kontrollera")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("inga fel") == len(projects)
    one = _run(root, "bedomningsmall", "--ut", str(form), "--csv", "--projekt", projects[0].project_id)
    assert one.returncode == 0, one.stdout + one.stderr
    assert (form / f"{projects[0].project_id}.csv").read_text(encoding="utf-8").startswith(
        f"# Självvärdering {projects[0].project_id}")


def _broken(text: str, how: str) -> tuple[str, int | None]:
    """A generated decision broken as a text extraction can be: the text and the line at fault."""
    lines = text.split("\n")
    if how == "summa":  # a cell that no longer adds up to its row's total
        i = next(k for k, ln in enumerate(lines) if ln.startswith("Egen personal\t"))
        cells = lines[i].split("\t")
        cells[1] = "9" + cells[1]
        lines[i] = "\t".join(cells)
        return "\n".join(lines), i + 1
    if how == "period":  # the sentence with the period is gone
        return "\n".join(ln.replace("under perioden", "under tiden") for ln in lines), None
    if how == "tabell":  # the text stops before the budget
        i = next(k for k, ln in enumerate(lines) if ln.startswith("Bokförda kostnader"))
        return "\n".join(lines[:i]), None
    if how == "tom":  # an empty file (a failed export)
        return "", None
    raise ValueError(how)


@pytest.mark.parametrize("how", ["summa", "period", "tabell", "tom", "kodning"])
def test_a_registered_decision_that_does_not_parse_stops_the_form_check_in_swedish(tmp_path, how):
    """``bedomningsmall --kontrollera`` with a registered decision that cannot be read: a
    Swedish message naming the file (and the line where it is known), a non-zero exit, no
    Python traceback."""
    root = tmp_path / "root"
    root.mkdir()
    projects = generated_root(root, 2)
    made = _run(root, "bedomningsmall")  # the evaluator's form, before the decision broke
    assert made.returncode == 0, made.stdout + made.stderr
    doc = root / "data" / "raw" / "documents" / projects[0].document
    if how == "kodning":  # saved as Windows-1252 by an editor: the first line with å, ä or ö is named
        text = doc.read_text(encoding="utf-8")
        line = next(k for k, ln in enumerate(text.split("\n"), start=1) if not ln.isascii())
        doc.write_bytes(text.encode("cp1252"))
    else:
        text, line = _broken(doc.read_text(encoding="utf-8"), how)
        doc.write_text(text, encoding="utf-8")
    done = _run(root, "bedomningsmall", "--kontrollera")
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "Traceback" not in out and "Error" not in out, out
    assert out.startswith(f"Fel: {projects[0].document}"), out
    if line is not None:
        assert f"{projects[0].document}, rad {line}" in out, out
    if how == "tom":
        assert "filen är tom" in out, out


@pytest.mark.parametrize("generated", [3], indirect=True, ids=["3-projekt"])
def test_the_notebooks_run_on_a_generated_register(generated, tmp_path):
    """Every notebook runs with papermill (the focus as the int papermill passes) on the
    generated register of three projects and shows its projects (one size: each notebook takes
    seconds)."""
    import shutil

    import nbformat
    import papermill

    from analysis.core import paths

    root, projects = generated
    # a checkout holds the tests' example records, which 06 shows when data/issued is empty
    shutil.copytree(paths.ROOT / "tests" / "fixtures" / "issued", root / "tests" / "fixtures" / "issued",
                    dirs_exist_ok=True)
    shown = {}
    for source in sorted((paths.ROOT / "notebooks").glob("*.ipynb")):
        code = "".join(nbformat.read(source, as_version=4).cells[0].source)
        out = tmp_path / source.name
        papermill.execute_notebook(str(source), str(out), kernel_name="python3", cwd=str(root),
                                   parameters={"focus": 18} if "focus" in code else {},
                                   progress_bar=False)
        shown[source.stem] = json.dumps(nbformat.read(out, as_version=4), ensure_ascii=False)
    assert {"01-budgetar", "03-finansiering", "05-sjalvvardering"} <= set(shown)
    for p in projects:
        assert p.short_name in shown["01-budgetar"]
        assert _sek(p.regional_sek) in shown["03-finansiering"]
        assert f"### {p.short_name}" in shown["05-sjalvvardering"]


@pytest.mark.parametrize("generated", [3], indirect=True, ids=["3-projekt"])
def test_the_workbook_follows_a_generated_register(generated, tmp_path):
    """``arbetsbok`` for the register of three projects: a budget sheet per project and the
    latest pair compared, named through the register; no sheet names a project it does not
    hold (the sheets on sources excepted: they describe the source files)."""
    import re

    from openpyxl import load_workbook

    root, projects = generated
    out = tmp_path / "tabeller.xlsx"
    done = _run(root, "arbetsbok", "--ut", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    wb = load_workbook(out)
    names = wb.sheetnames
    for p in projects:
        assert any(re.match(rf"T\d+\.\d+ {p.short_name} kostnadsbudget", n) for n in names), names
    a, b = projects[-2], projects[-1]
    assert any(f"{a.short_name} mot {b.short_name}" in n for n in names), names
    shipped = [(ws.title, v) for ws in wb if not ws.title.startswith(("T9.", "Källor"))
               for row in ws.iter_rows(values_only=True) for v in row
               if isinstance(v, str) and any(n in v for n in SHIPPED_NAMES)]
    assert not shipped, shipped[:5]


def test_a_register_whose_one_decision_has_no_numeric_targets_runs_every_chapter(tmp_path):
    """One project with the layout of 003 (no numeric targets, no work packages, no request for
    mirroring): every chapter runs and says plainly what the decision does not hold, instead of
    failing on the empty tables."""
    from analysis.pipeline import report

    root = tmp_path / "root"
    root.mkdir()
    (p,) = generated_root(root, 1, first="space")
    assert _run(root, "extract").returncode == 0
    assert _run(root, "bedomningsmall").returncode == 0
    with pytest.MonkeyPatch.context() as mp:
        for k, v in (("OMS_PROJECT_ROOT", root), ("OMS_TABLES_DIR", root / "tables"),
                     ("OMS_CACHE_DIR", root / "cache")):
            mp.setenv(k, str(v))
        texts = {name: _chapter_text(report.execute_chapter(root / "report" / name, None))
                 for name in report.chapter_files()}
    assert len(texts) == 9
    assert f"{p.short_name}:s beslutsunderlag anger inga numeriska mål" in texts["mal.qmd"]
    assert f"beslutsunderlag för {p.short_name} använder inte ordet spegling" in texts["spegling.qmd"]
    assert f"Registret har ett projekt, {p.short_name};" in texts["sjalvvardering.qmd"]
    assert _sek(p.total_sek) in texts["projekten.qmd"]
