"""What leads read from the tracker: plenary packs (``pack``), live activity (``activity``),
deadlines (``deadlines``) and reconciliation (``reconciliation``), with the rules that
suggest leads and activity levels (``rules``).

Each of those takes a session, only reads, and returns JSON-ready data (dates as ISO
strings); ``files`` turns the same data into XLSX, PDF, SVG and iCalendar.
"""
