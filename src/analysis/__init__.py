"""Analysis package for Östra Mellansverige's smart specialisation work (ECS3, REAL ÖMS).

Kept import-light on purpose: heavy modules (plotly, scipy, pandera) load only when a
submodule that needs them is imported, so ``import analysis`` stays cheap.
"""

__version__ = "0.1.0"
