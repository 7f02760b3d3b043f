"""Registers of 1, 2, 3 and 5 generated decisions go through extract, the over-time analyses and
findings, and every chapter executed in the kernel (issue 20). Projekten and Utveckling must
execute and show the generated values; a failure in another chapter is reported by name as an
expected failure of the test until that chapter follows the register too.

The decisions are generated from the two real templates with new periods and budgets
(``tests/generated_register.py``); the register lists them newest first, so the package must
order them by start date itself. The assertions are the generated values: each project's total
and regional co-financing, the latest pair's names and its change per project month.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generated_register import generated_root

SIZES = (1, 2, 3, 5)
CHAPTERS = ("projekten.qmd", "utveckling.qmd")


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


def test_every_chapter_executes_with_the_generated_values(generated):
    from analysis.pipeline import report

    root, projects = generated
    texts, others = {}, {}
    for name in report.chapter_files():
        try:
            nb = report.execute_chapter(root / "report" / name, None)
        except report.ChapterError as err:
            if name in CHAPTERS:
                raise
            others[name] = str(err).split("\n")[0][:200]
            continue
        texts[name] = _chapter_text(nb)
    proj = texts["projekten.qmd"]
    for p in projects:  # every project: its heading and its budget as decided
        assert f"## {p.short_name}" in proj
        assert _sek(p.total_sek) in proj
    assert "ECS3" not in proj and "REAL ÖMS" not in proj
    utv = texts["utveckling.qmd"]
    assert "ECS3" not in utv and "REAL ÖMS" not in utv
    if len(projects) == 1:
        assert "har ett projekt" in utv
        _others_fail(others)
        return
    a, b = projects[-2], projects[-1]
    assert (f"en ring för bidraget till {a.short_name} och en romb för bidraget till "
            f"{b.short_name}") in utv  # the chart's alt text names the latest pair
    assert f"Från {a.short_name} till {b.short_name} " in utv
    assert "om KPI stiger 1\u00a0% per år" in utv or "KPI stiger 1" in utv
    if len(projects) > 2:
        assert f"de två senaste, {a.short_name} och {b.short_name}" in utv
    _others_fail(others)


def _others_fail(others: dict) -> None:
    if others:
        pytest.xfail("kapitel som ännu inte följer registret: " + "; ".join(
            f"{k}: {v}" for k, v in others.items()))
