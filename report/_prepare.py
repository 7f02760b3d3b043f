"""Quarto pre-render step: write the local plotly.js and the page-head snippet into assets/,
and clear the tables recorded by an earlier render (the workbook is made from this render's).

It is also the first moment Quarto runs the project's Python: where that Python cannot import
the package, say so in Swedish and how to render instead of failing in every chapter.
"""

import sys

try:
    from analysis.pipeline.quarto_book import write_quarto_assets
    from analysis.pipeline.workbook_build import clear_records
except ImportError as err:
    sys.exit(f"Fel: Python-tolken som Quarto använder ({sys.executable}) hittar inte projektets "
             f"paket ({err}). Rendera med projektets miljö: QUARTO_PYTHON=.venv/bin/python quarto "
             f"render report (från projektets mapp), eller kör make (eller .venv/bin/python -m "
             f"analysis report).")

write_quarto_assets()
clear_records()
