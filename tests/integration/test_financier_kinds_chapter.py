"""The finansiering chapter, executed in the kernel, with a third decision whose budget has every
kind of financier (issue 20): regions (one in kind), a county's state agency, a municipality, a
university, ERUF, unnamed public money and contributions in kind, private money and private
contributions in kind (``tests/financier_budget.py``).

Before issue 20 the report stopped on such a budget (``ValueError: Okänd finansieringskälla …``).
The chapter must show the private money and the contributions in kind as such, with the totals
and shares computed by hand, and keep the shipped projects' findings.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest

from analysis.core import paths

import financier_budget as fb
from hostile_text import SKIP
from approved_text import approved, in_order

pytestmark = pytest.mark.integration


def _ignore(folder, names):
    return [n for n in names if n in SKIP or n.startswith(".oms-")]


@pytest.fixture(scope="module")
def chapter(tmp_path_factory):
    root = tmp_path_factory.mktemp("kinds-chapter")
    shutil.copytree(paths.DATA, root / "data", ignore=_ignore)
    shutil.copytree(paths.REPORT, root / "report", ignore=lambda f, n: _ignore(f, n) + (
        ["figures"] if f.endswith("assets") else []))
    shutil.copyfile(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    fb.add_to(root / "data", "space")
    from analysis.pipeline import report

    with pytest.MonkeyPatch.context() as mp:
        # the chapter's kernel inherits these: the package reads the copy
        mp.setenv("OMS_PROJECT_ROOT", str(root))
        mp.setenv("OMS_TABLES_DIR", str(root / "tables"))
        mp.setenv("OMS_CACHE_DIR", str(root / "cache"))
        nb = report.execute_chapter(root / "report" / "finansiering.qmd")
    parts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", o
            parts += [str(v) for k, v in o.get("data", {}).items() if k != report.INLINE_MIME]
    # the inline expressions' values, Markdown escapes undone
    parts += [re.sub(r"\\(.)", r"\1", str(i["value"])) for i in report.inline_results(nb)]
    return html.unescape("\n".join(parts)).replace("\u00a0", " ")


def test_private_money_and_contributions_in_kind_are_shown_as_such(chapter):
    # 2 080 000 public money of 2 800 000 = 74 %; private 400 000 = 14 %; in kind 480 000 = 17 %
    kinds = next(p for p in chapter.split("\n") if "Genererat projekt" in p and "2 080 000 kr" in p)
    assert in_order(kinds, "Genererat projekt", "2 080 000 kr (74 %)", "offentliga",
                    "400 000 kr (14 %)", "privata", "240 000 kr", "480 000 kr (17 %)",
                    "annat än pengar", "320 000 kr", "offentliga", "160 000 kr", "privata")
    # the figure of the financing by kind, with its table
    assert "Finansieringen per typ av finansiär" in chapter
    # its alt text: regions' money 1 200 000 = 43 %, in kind 200 000 = 7 %; private in kind
    # 160 000 = 6 %
    assert "Genererat projekt: regioner 43 %," in chapter
    # each kind with its share beside it (label and value, not wording)
    assert "regioner, bidrag i annat än pengar 7 %" in chapter
    assert "privata finansiärer, bidrag i annat än pengar 6 %" in chapter
    assert "Statliga myndigheter" in chapter and "Kommuner" in chapter


def test_every_financier_row_has_its_kind_in_the_table(chapter):
    for label in ("Länsstyrelsen i Örebro län", "Örebro kommun", "Örebro universitet",
                  "Privat bidrag i annat än pengar", "Region Västmanland i annat än pengar"):
        assert label in chapter, label
    assert "Universitet och högskolor" in chapter
    assert "Privata finansiärer, i annat än pengar" in chapter     # the contributions table
    assert "Övriga finansiärer (offentlig), i annat än pengar" in chapter


def test_the_shipped_projects_keep_their_findings(chapter):
    for project in ("ECS3", "REAL ÖMS"):
        line = next(p for p in chapter.split("\n") if "All finansiering" in p and project in p)
        assert in_order(line, "All finansiering", project, "offentliga pengar", "regioner")
    assert "regioner 50 %, EU-fonder 50 %" in chapter
    # the contribution ratio, under its neutral name, for the three projects
    assert "bidragskvoten" in chapter and "ättvisekvot" not in chapter
    assert "Spearman" not in chapter


@pytest.mark.parametrize("layout", ["tab", "space"])
def test_extract_accepts_every_kind_and_writes_the_rows(tmp_path, layout):
    """`python -m analysis extract` on a copy with the generated decision: no error, the rows
    written with the categories the register and its rules give, and the rules reported."""
    import os
    import subprocess
    import sys

    import pandas as pd

    root = tmp_path / "projekt"
    shutil.copytree(paths.DATA, root / "data", ignore=shutil.ignore_patterns("processed"))
    fb.add_to(root / "data", layout)
    env = {k: v for k, v in os.environ.items() if k != "OMS_TABLES_DIR"}
    env["OMS_PROJECT_ROOT"] = str(root)
    done = subprocess.run([sys.executable, "-m", "analysis", "extract"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Länsstyrelsen i Örebro län" in done.stdout  # resolved by rule, and said so
    lines = pd.read_csv(root / "data" / "processed" / "budget_lines.csv",
                        dtype={"county_code": str})
    gen = lines[(lines["project_id"] == fb.PROJECT_ID) & (lines["table"] == "financing")]
    assert gen["amount_sek"].sum() == fb.TOTAL
    by_source = gen.groupby("funding_source")["amount_sek"].sum().to_dict()
    # in kind: Region Västmanland 200 000 + unnamed public 120 000 + private 160 000
    assert by_source["in_kind"] == fb.IN_KIND
    assert by_source["private"] == 240_000 and by_source["municipal"] == 200_000
    assert by_source["state_other"] == 300_000 and by_source["erdf"] == fb.ERDF
    # only the regions carry a county code
    assert gen.loc[gen["county_code"].notna(), "amount_sek"].sum() == fb.REGIONAL
