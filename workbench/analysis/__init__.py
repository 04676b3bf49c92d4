"""Analyses of a project's data (path graphs, feedback loops, period comparison): plain data in,
plain data out; no Qt, heavy libraries imported inside the functions that need them."""
