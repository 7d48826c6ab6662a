"""A force's own tracker: its columns and values (``columns``), reading a CSV or .xlsx file
(``reading``, pure), importing it into the database (``importing``) and exporting the tracked
items (``exporting``)."""
