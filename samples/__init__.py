"""Sample inspection reports and the code that writes them.

Each sample is a module named after it (``peel_northmoor.py``) beside its ``.pdf`` and its
hand-written ``.expected.json``; its ``build(outdir)`` writes the PDF. The modules it uses:
``layout`` (a line-by-line page layout engine), ``flow`` (helpers over reportlab's platypus),
``word`` (Word documents converted by LibreOffice) and ``inspectorate`` (the shared names).
``long_report`` writes the long report for the benchmarks; ``build`` is the command.
"""
