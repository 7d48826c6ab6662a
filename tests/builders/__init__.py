"""Builders of test data, one module per kind: input files, hostile PDFs, report layouts,
tracker spreadsheets, database rows, matching items and the sample reports."""
