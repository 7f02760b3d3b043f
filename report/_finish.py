"""Quarto post-render step: accessible names for the previous/next chapter links, and the
workbook the first page links to ("Ladda ner rapportens tabeller (Excel)"), assembled from the
tables the chapters showed in this render (analysis.pipeline.workbook_build)."""

import os
from pathlib import Path

from analysis.pipeline.quarto_book import fix_pages
from analysis.pipeline.workbook_build import finish_quarto_render

out_dir = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_book"))
fix_pages(out_dir)
finish_quarto_render(out_dir, Path.cwd())
