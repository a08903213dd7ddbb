"""Importers that turn open data sets (Hotmaps, INSEE) into eitflow sites and flows tables."""
