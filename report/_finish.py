"""Quarto post-render step: accessible names for the previous/next chapter links."""

import os
from pathlib import Path

from analysis.pipeline.quarto_book import fix_pages

fix_pages(Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_book")))
