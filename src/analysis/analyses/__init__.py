"""The analyses: financing, mirror, outcomes. They return frames and values, never prose. Imports
core, sources, tables.
"""
