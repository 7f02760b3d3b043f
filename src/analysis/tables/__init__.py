"""Validated tidy tables and every pandera schema, built from the sources and kept in the tables
store. Imports core and sources.
"""
