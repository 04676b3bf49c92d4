"""Figures and documents made from a project (path diagrams …) through matplotlib's Agg/SVG/PDF
backends; no Qt, and matplotlib is imported only when a figure is drawn."""
