"""The report of one bench run: tables, plots, the document and the
printed summary."""
