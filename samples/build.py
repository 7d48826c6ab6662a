"""Build the sample report PDFs in this directory.

Usage, from the repository root::

    .venv/bin/python samples/build.py            # writes samples/*.pdf (and the .docx sources)
    .venv/bin/python samples/build.py --only peel_northmoor --outdir /tmp/out
    .venv/bin/python -m samples.build --long /tmp/long.pdf --pages 100

A sample is a module in this directory beside its hand-written ``<name>.expected.json``
(the truth the extractor is scored against; nothing here writes it), with a function
``build(outdir)`` that writes ``<name>.pdf`` and returns its path, or None when it cannot
(the Word samples without LibreOffice). Every PDF is written with reportlab
(``invariant=1``, so the output is byte-stable) except the Word samples, which
LibreOffice converts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent

if __package__ in (None, ""):
    # Run as a script: import the package from the repository root, not this directory.
    sys.path[0] = str(HERE.parent)

from samples.long_report import build_long_report  # noqa: E402


def sample_names() -> list[str]:
    """The samples: every module here with an expected extraction beside it, by name."""
    return sorted(p.stem for p in HERE.glob("*.py")
                  if p.with_suffix(".expected.json").exists())


def sample_module(name: str) -> ModuleType:
    """The module of one sample (``samples.<name>``)."""
    return importlib.import_module(f"samples.{name}")


def build_all(outdir: Path = HERE, only: Iterable[str] | None = None,
              word: bool = True) -> list[Path]:
    """Build every sample (or those named in ``only``) into outdir; return the PDFs written.

    With ``word`` false the Word samples (``NEEDS_SOFFICE``) are left out.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in only or sample_names():
        module = sample_module(name)
        if getattr(module, "NEEDS_SOFFICE", False) and not word:
            continue
        path = module.build(outdir)
        if path is not None:
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: build the samples."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outdir", type=Path, default=HERE)
    ap.add_argument("--only", action="append", choices=sample_names())
    ap.add_argument("--long", type=Path, help="also write a long report to this path")
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args(argv)
    for path in build_all(args.outdir, args.only):
        print(f"wrote {path}")
    if args.long:
        build_long_report(args.long, args.pages)
        print(f"wrote {args.long}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
