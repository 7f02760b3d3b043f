"""``python -m analysis report``: render the report with Quarto, or without it an HTML preview.

With Quarto (on PATH, or installed into this Python's environment by PyPI's ``quarto-cli``) this
builds the Quarto book, HTML and a Typst PDF, in ``report/_book/`` (:mod:`analysis.quarto_book`:
every chapter executed once for both formats, then rendered by Quarto). Without it, every chapter
that ``report/_quarto.yml`` lists is executed through the Jupyter kernel the same way and written
as an HTML preview in ``report/_preview/`` (:mod:`analysis.preview_pages`), clearly labelled as a
preview, plus one self-contained file for e-mail. Both paths run the same chapter files.

The names the chapters, tests and tools use are re-exported here from :mod:`analysis.chapters`,
:mod:`analysis.kernels` and :mod:`analysis.preview_pages`.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from ..core import paths
from .chapters import (INLINE, INLINE_MIME, QmdCell, chapter_files,  # noqa: F401
                       escape_markdown, inline_expressions, inline_values, parse_qmd,
                       qmd_notebook, quarto_config, quarto_safe)
from .kernels import (ChapterError, default_jobs, execute_chapter,  # noqa: F401
                      execute_chapters, failure_report, foreign_outputs, inline_results,
                      kernel_manager, stderr_outputs)
from .preview_pages import (EMAIL_FILE, PREVIEW_DIR, QUARTO_HELP,  # noqa: F401
                            PreviewResult, build_preview, chapter_body, chapter_parts,
                            markdown_to_html, plotly_js_path)
from .quarto_book import QuartoError, build_book, write_quarto_assets  # noqa: F401
from ..present.report_setup import ParameterError, normalize_focus

ASSETS_DIR = paths.REPORT / "assets"
ERROR_LOG = paths.REPORT / ".oms-fel.log"  # the last failed chapter's full traceback
KNOWN_PARAMS = {"focus": normalize_focus}


def find_quarto() -> str | None:
    """``quarto`` on PATH, else the one PyPI's ``quarto-cli`` put beside this Python."""
    found = shutil.which("quarto")
    if found:
        return found
    local = Path(sys.executable).parent / "quarto"
    return str(local) if local.is_file() else None


def quarto_command(params: dict, to: str | None = None) -> list[str]:
    """Quarto's own render of the book (every chapter executed by Quarto, once per format)."""
    cmd = ["quarto", "render", str(paths.REPORT)]
    if to:
        cmd += ["--to", to]
    for key, value in params.items():
        cmd += ["-P", f"{key}:{value}"]
    return cmd


def _print_failure(err: Exception, show_traceback: bool = False) -> None:
    if isinstance(err, ChapterError):
        print(failure_report(err, ERROR_LOG, show_traceback=show_traceback), file=sys.stderr)
    else:
        print(f"Fel: {err}", file=sys.stderr)


def render_quarto(params: dict | None = None, to: str | None = None, *, log=print,
                  show_traceback: bool = False) -> int:
    """The Quarto book in ``report/_book``; 0, or 1 with the reason on stderr."""
    formats = (to,) if to else ("html", "typst")
    try:
        result = build_book(params, formats=formats, log=log)
    except (QuartoError, ChapterError) as err:
        _print_failure(err, show_traceback)
        return 1
    if result.rebuilt:
        steps = ", ".join(f"{k} {v:.0f} s" for k, v in result.seconds.items())
        log(f"  klart ({steps})")
    return 0


# --- CLI --------------------------------------------------------------------------------------

PARAM = re.compile(r"^\s*([A-Za-z_]\w*)\s*[:=](.*)$", re.S)


def parse_params(items: list[str] | None) -> dict:
    """``["focus:03"]`` (or ``["focus=03"]``) -> ``{"focus": "03"}``, validated.

    The value is read as text, never as YAML: ``023`` stays ``'023'`` (and is refused) instead of
    becoming the octal 19. One pair of quotes around it is dropped. A parameter given twice is
    refused rather than the last one silently winning. Errors are Swedish and name the value.
    """
    params: dict = {}
    given: dict[str, str] = {}
    for item in items or []:
        m = PARAM.match(item)
        if not m or m.group(1) not in KNOWN_PARAMS:
            raise ParameterError(f"Okänd parameter {item!r}. Ange t.ex. -P focus:03 "
                                 f"(parametrar: {', '.join(KNOWN_PARAMS)}).")
        key, value = m.group(1), m.group(2).strip()
        if key in given:
            raise ParameterError(f"Parametern {key} anges två gånger (-P {given[key]} och "
                                 f"-P {item}). Ange den en gång.")
        given[key] = item
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        params[key] = KNOWN_PARAMS[key](value)
    return params


def add_arguments(parser) -> None:
    parser.add_argument("-P", "--param", action="append", metavar="NAMN:VÄRDE",
                        help="rapportparameter, t.ex. -P focus:03 eller -P focus=03 (fokusregion: "
                             "SE12 = ÖMS, standard, eller ett ÖMS-läns kod med två siffror; "
                             "varje parameter en gång)")
    parser.add_argument("--preview", action="store_true",
                        help="skriv HTML-förhandsversionen även om Quarto finns")
    parser.add_argument("--email", action="store_true",
                        help="skriv också en fristående HTML-fil för e-post (alltid med --preview)")
    parser.add_argument("--to", choices=["html", "typst"], help="bara detta Quarto-format")
    parser.add_argument("--output-dir", type=Path, help="katalog för förhandsversionen")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="kapitel som körs samtidigt i förhandsversionen "
                             "(standard: en per kärna, högst fyra)")
    parser.add_argument("--traceback", action="store_true",
                        help="visa hela felutskriften (traceback) när ett kapitel misslyckas; "
                             f"den sparas alltid i report/{ERROR_LOG.name}")


def unwritable(folder: Path) -> str | None:
    """Why the report cannot be written into ``folder`` (checked before any chapter runs), or None."""
    import tempfile

    folder = Path(folder)
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".oms-skrivtest-"):
            pass
    except OSError as err:
        return (f"Rapporten kan inte skrivas: {probe} går inte att skriva i ({err.strerror}). "
                f"Ge skrivrätt till mappen, eller välj en annan med --output-dir (förhandsversionen).")
    return None


def run(args) -> int:
    try:
        params = parse_params(getattr(args, "param", None))
    except ParameterError as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 2
    target = getattr(args, "output_dir", None) or paths.REPORT
    problem = unwritable(paths.REPORT) or unwritable(target)
    if problem:
        print(f"Fel: {problem}", file=sys.stderr)
        return 1
    show_tb = bool(getattr(args, "traceback", False))
    quarto = find_quarto()
    if quarto and not getattr(args, "preview", False):
        if not shutil.which("quarto"):  # quarto-cli in this environment, not on PATH
            import os

            os.environ["PATH"] = str(Path(quarto).parent) + os.pathsep + os.environ.get("PATH", "")
        rc = render_quarto(params, getattr(args, "to", None), show_traceback=show_tb)
        if rc != 0:
            return rc
        print(f"Rapporten finns i {paths.REPORT / '_book'} (webbsidorna och rapport.pdf). "
              "Visa webbsidorna med: python -m http.server -d report/_book")
        if not getattr(args, "email", False):
            return 0
        print("Skriver e-postversionen (en fil) från samma kapitel ...")
    else:
        print(QUARTO_HELP if not quarto else "Skriver förhandsversionen (--preview).")
    out = getattr(args, "output_dir", None)
    print("Kör kapitlen genom Jupyter-kärnan ...")
    try:
        result = build_preview(params, out, jobs=getattr(args, "jobs", None))
    except ChapterError as err:
        _print_failure(err, show_tb)
        return 1
    print(f"Förhandsversionen: {result.pages[0]}")
    print(f"E-postversionen (en fristående fil): {result.email}")
    return 0
