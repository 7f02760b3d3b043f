"""Figures, maps and report tables: how a result is shown. Imports the layers below."""
