"""The tracker's database: the tables (``tables``), the engine and sessions (``db``), migrations
(``migrate``), backup (``backup``) and counts for metrics (``metrics``); the operations on the
tracker (``ops``), the force's tracker file (``tracker``) and what leads read (``reporting``).
"""
