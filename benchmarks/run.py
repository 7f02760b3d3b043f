"""Benchmarks: prints, on this machine, in one run, the figures recorded in docs/PERFORMANCE.md.

    .venv/bin/python benchmarks/run.py            # everything (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # skip the cold/warm main command and nbval
    .venv/bin/python benchmarks/run.py --report   # the floor, the preview, the Quarto book, plain quarto render
    .venv/bin/python benchmarks/run.py --tests    # the floor and make test-fast

What it measures and why (issue "Benchmarks"):
- the floor: starting a Jupyter kernel and importing what the documents import (pandas, plotly,
  scipy, the package), once per executed document; nothing we do can be faster than that;
- the main command (`python -m analysis report`) cold (fresh caches) and warm, as the preview and,
  where Quarto is installed, as the real Quarto book (HTML + PDF), measured in the same run so the
  ratio of the two can be read off; a re-render with nothing changed; the notebook suite under
  nbval, and each report chapter; each against its floor, with peak memory;
- the size of the rendered HTML pages and of the self-contained e-mail file;
- scale: budget extraction and the analyses on generated inputs 10 and 100 times today's.
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)

PY = sys.executable
FLOOR_IMPORTS = "import pandas, plotly, plotly.graph_objects, scipy.stats, analysis"


def _peak_child_mb() -> float:
    # ru_maxrss of waited-for descendants (kernels included), in MB (Linux reports KiB)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _run(cmd: list[str], env: dict | None = None, *, output: bool = False):
    """Seconds the command took (and its output when ``output``); stops the benchmark on failure."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return (elapsed, proc.stdout) if output else elapsed


def kernel_floor(repeats: int = 3) -> float:
    """Seconds to start a kernel, import the documents' imports and shut it down (median)."""
    from analysis.pipeline.report import kernel_manager  # the same kind of kernel the chapters get

    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with kernel_manager() as km:
            km.start_kernel()
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=120)
                reply = kc.execute_interactive(FLOOR_IMPORTS, timeout=120)
                if reply["content"]["status"] != "ok":
                    raise SystemExit(f"floor imports failed: {reply['content']}")
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def import_cost(repeats: int = 5) -> tuple[float, float]:
    """(pandas + plotly, pandas + plotly + analysis) import times in fresh interpreters (median)."""
    def median(stmt: str) -> float:
        vals = []
        for _ in range(repeats):
            out = subprocess.run([PY, "-c", f"import time; t=time.perf_counter(); {stmt}; "
                                  "print(time.perf_counter()-t)"], capture_output=True, text=True,
                                 check=True)
            vals.append(float(out.stdout.strip()))
        return sorted(vals)[len(vals) // 2]

    base = median("import pandas, plotly, plotly.graph_objects")
    with_pkg = median("import pandas, plotly, plotly.graph_objects, analysis, analysis.tables.budgets, "
                      "analysis.tables.indicators, analysis.analyses.financing, "
                      "analysis.analyses.mirror, analysis.present.figures")
    return base, with_pkg


def chapters_and_notebooks() -> tuple[list[str], list[Path]]:
    from analysis.pipeline import report

    return report.chapter_files(), sorted((ROOT / "notebooks").glob("*.ipynb"))


def bench_chapters(floor: float) -> list[tuple[str, float]]:
    from analysis.core import paths
    from analysis.pipeline import report

    rows = []
    for name in report.chapter_files():
        t0 = time.perf_counter()
        report.execute_chapter(paths.REPORT / name)
        rows.append((name, time.perf_counter() - t0))
    return rows


def clear_caches() -> None:
    """What a cold run starts without: processed data, disk caches, the preview."""
    from analysis.core import paths

    for d in (paths.PROCESSED, paths.REPORT / "_preview", paths.REPORT / ".quarto",
              paths.REPORT / "_freeze", paths.REPORT / "_book", paths.REPORT / "assets",
              paths.REPORT / ".oms-chapters"):
        shutil.rmtree(d, ignore_errors=True)


def html_sizes() -> list[tuple[str, int]]:
    from analysis.core import paths

    preview = paths.REPORT / "_preview"
    return [(p.name, p.stat().st_size) for p in sorted(preview.glob("*.html"))]


# --- scale -----------------------------------------------------------------------------------

def _best_of(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def scale_extraction(factors=(1, 10, 100)) -> list[tuple[int, int, float]]:
    """Budget extraction + validation + the financing analyses on generated decisions.

    1 × = three decisions, as today (ECS3 twice, REAL ÖMS once).
    """
    from analysis.tables import budgets
    from analysis.analyses import financing

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in factors:
            d = Path(tmp) / f"x{f}"
            register = generate.write_decisions(d, 3 * f)

            def work():
                b = budgets.build(register, d)
                financing.contributions(b.lines)
                return b

            work()  # warm imports (pandera) outside the measurement
            rows.append((f, 3 * f, _best_of(work)))
    return rows


def scale_indicators(factors=(1, 10, 100)) -> list[tuple[int, int, float]]:
    """The mirroring analyses on generated indicator tables.

    1 × ≈ today's table (29 regions × 3 years of each indicator); 10 × = 290 municipalities
    × 3 years; 100 × = 290 municipalities × 30 years. The analyses are written for counties,
    so the county register is swapped for the generated units during the measurement.
    """
    from unittest import mock

    from analysis.analyses import mirror
    from analysis.core import regions

    mirror.is_additive("population")  # read the indicator labels with the real register first
    rows = []
    for f in factors:
        units, years = {1: (29, 3), 10: (290, 3), 100: (290, 30)}[f]
        frame, codes = generate.indicator_frame(units, years)
        names = {c: f"Enhet {c}" for c in codes}
        with mock.patch.object(regions, "county_codes", lambda: list(codes)), \
             mock.patch.object(regions, "oms_county_codes", lambda: list(codes[:5])), \
             mock.patch.object(regions, "county_name", lambda c: names.get(c, c)), \
             mock.patch.object(regions, "short_name", lambda c: names.get(c, c)):
            mirror.region_name.cache_clear()

            def work():
                for ind in ("population", "grp_per_inhabitant_ksek", "rd_business_per_inhabitant",
                            "innovation_index_reglab"):
                    mirror.cross_section(ind, data=frame)
                    mirror.growth(ind, data=frame)
                chosen = ["grp_per_inhabitant_ksek", "rd_business_per_inhabitant",
                          "innovation_index_reglab"]
                sim = mirror.similar_regions(codes[0], indicators=chosen, data=frame, n=5)
                mirror.cluster_counties(indicators=chosen, data=frame)
                traj = mirror.trajectories("population", focus=codes[0], peers=sim.peers, data=frame)
                mirror.trend_slopes(traj)

            work()
            rows.append((f, len(frame), _best_of(work)))
        mirror.region_name.cache_clear()
    return rows


def bench_quarto(preview_cold: float, preview_warm: float) -> None:
    """The Quarto book (HTML + PDF) cold, warm and unchanged, against the preview of this run."""
    from analysis.core import paths
    from analysis.pipeline.quarto_book import STAMP
    from analysis.pipeline.report import find_quarto

    quarto = find_quarto()
    print("\n## Main command, Quarto book: HTML + PDF (python -m analysis report)")
    if quarto is None:
        print("Quarto is not installed here: no figures (the main command writes the preview)")
        return
    print(f"Quarto {subprocess.run([quarto, '--version'], capture_output=True, text=True).stdout.strip()}")
    clear_caches()
    cmd = [PY, "-m", "analysis", "report"]
    cold, out = _run(cmd, output=True)
    steps = next((ln.strip() for ln in out.splitlines() if ln.strip().startswith("klart (")), "")
    # rebuilt with the data cache and the images warm, every chapter executed again
    (paths.REPORT / "_book" / STAMP).unlink()
    shutil.rmtree(paths.REPORT / ".oms-chapters")
    warm = _run(cmd)
    # rebuilt with the executed chapters kept (as after a change to _quarto.yml or a style)
    (paths.REPORT / "_book" / STAMP).unlink()
    kept = _run(cmd)
    unchanged = _run(cmd)
    print(f"cold: {cold:6.2f} s = {cold / preview_cold:.2f} × the preview cold "
          f"({preview_cold:.2f} s; target ≤ 2 ×); steps: {steps}")
    print(f"warm, chapters executed again: {warm:6.2f} s = {warm / preview_warm:.2f} × the preview "
          f"warm ({preview_warm:.2f} s)")
    print(f"rebuilt, executed chapters kept: {kept:6.2f} s = {kept / preview_warm:.2f} × the "
          "preview warm")
    print(f"re-render with nothing changed: {unchanged:6.2f} s (target: a few seconds)")
    sizes = sorted((paths.REPORT / "_book").glob("*.html")) + [paths.REPORT / "_book" / "rapport.pdf"]
    print("sizes: " + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in sizes))
    # Quarto's own command, with this environment's Python, cold (its kernels start afresh; the
    # data cache is cleared so that it does the same work as the project's command cold)
    clear_caches()
    env = dict(os.environ, QUARTO_PYTHON=PY)
    plain = _run([quarto, "render", "report"], env=env)
    print(f"plain quarto render report: {plain:6.2f} s = {plain / preview_cold:.2f} × the preview "
          f"cold = {plain / cold:.2f} × the project's command cold")


def bench_unit_tests(floor: float) -> None:
    """`make test-fast` (the unit tests on two workers) as a whole process: wall and CPU seconds."""
    print("\n## Unit tests (make test-fast: pytest -n 2 tests/unit)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = _run([PY, "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider", "-p", "no:nbval",
                 "-m", "not slow and not integration", "tests/unit"])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"wall {wall:6.2f} s (target < 30 s on this machine kind), CPU {cpu:6.2f} s; "
          f"= {wall / floor:.1f} × the kernel floor")


def _growth(rows) -> str:
    t = {f: s for f, _, s in rows}
    parts = []
    if 1 in t and 10 in t:
        parts.append(f"10×/1× = {t[10] / t[1]:.1f}")
    if 10 in t and 100 in t:
        parts.append(f"100×/10× = {t[100] / t[10]:.1f}")
    return ", ".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="only the floor and the scale runs (skip the main command, the chapters and nbval)")
    ap.add_argument("--report", action="store_true", help="only the floor and the main command: preview and Quarto book")
    ap.add_argument("--tests", action="store_true", help="only the floor and make test-fast")
    args = ap.parse_args()
    os.chdir(ROOT)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")

    floor = kernel_floor()
    base, with_pkg = import_cost()
    chapters, notebooks = chapters_and_notebooks()
    print("\n## Floor")
    print(f"kernel start + imports ({FLOOR_IMPORTS}): {floor:.2f} s per document")
    print(f"import pandas + plotly: {base:.2f} s; + analysis and its main modules: {with_pkg:.2f} s "
          f"(adds {with_pkg - base:.2f} s; target ≤ 0.5 s)")

    if args.tests:
        bench_unit_tests(floor)
        return 0
    if not args.quick:
        print("\n## Main command, preview (python -m analysis report --preview)")
        clear_caches()
        cold = _run([PY, "-m", "analysis", "report", "--preview"])
        warm = _run([PY, "-m", "analysis", "report", "--preview"])
        doc_floor = floor * len(chapters)
        print(f"cold: {cold:6.2f} s = {cold / doc_floor:.2f} × floor ({len(chapters)} documents × "
              f"{floor:.2f} s; target ≤ 1.5 ×)")
        print(f"warm: {warm:6.2f} s = {warm / doc_floor:.2f} × floor")
        print(f"peak memory of a child process: {_peak_child_mb():.0f} MB")
        bench_quarto(cold, warm)
    if args.report:
        return 0
    bench_unit_tests(floor)
    if not args.quick:

        print("\n## Report chapters (each in its own kernel, one after another, build cache warm)")
        rows = bench_chapters(floor)
        for name, secs in rows:
            print(f"{name:28s} {secs:6.2f} s  = {secs / floor:4.1f} × floor")
        total = sum(s for _, s in rows)
        print(f"{'all chapters':28s} {total:6.2f} s  = {total / (floor * len(rows)):4.1f} × floor "
              f"({len(rows)} × {floor:.2f} s)")

        print("\n## Notebooks under nbval")
        nb = _run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                   "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "notebooks"])
        nb_floor = floor * len(notebooks)
        print(f"{len(notebooks)} notebooks: {nb:6.2f} s = {nb / nb_floor:.2f} × floor")

        print("\n## Rendered HTML (preview)")
        for name, size in html_sizes():
            print(f"{name:34s} {size / 1e6:6.2f} MB")

    print("\n## Scale: budget extraction, validation and financing analyses (generated decisions)")
    ext = scale_extraction()
    for f, n, secs in ext:
        print(f"{f:4d} × ({n:4d} decisions): {secs:6.3f} s")
    print(f"growth: {_growth(ext)} (target: 100 × in < 2 s, 10 × the input ≤ 12 × the time)")

    print("\n## Scale: mirroring analyses (generated indicator tables)")
    ind = scale_indicators()
    for f, n, secs in ind:
        print(f"{f:4d} × ({n:6d} rows): {secs:6.3f} s")
    print(f"growth: {_growth(ind)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
