"""Command line: ``python -m handbog.pdf build/html [--only MODULE ...] [--jobs N]``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .build import build_modules, default_jobs
from .errors import PdfBuildError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m handbog.pdf",
        description="Byg håndbogens PDF-moduler ud fra HTML-bygningen (WeasyPrint).",
    )
    parser.add_argument("html_dir", type=Path, help="HTML-bygningen, fx build/html")
    parser.add_argument(
        "--only", nargs="+", metavar="MODUL", help="byg kun disse moduler (id fra conf.py)"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help=f"antal moduler, der bygges samtidig (standard: antal kerner, her {default_jobs()})",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        default=os.environ.get("HANDBOG_STRICT") == "1",
        help="advarsler fra WeasyPrint er fejl (standard, når HANDBOG_STRICT=1)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    failed = warned = built = 0
    try:
        for result in build_modules(args.html_dir, args.only, args.jobs):
            if not result.ok:
                failed += 1
                print(f"FEJL  {result.module_id}:", file=sys.stderr)
                for problem in result.problems:
                    print(f"  - {problem}", file=sys.stderr)
                continue
            built += 1
            print(
                f"PDF   {result.module_id:<28} {result.pages:>3} sider  {result.seconds:5.2f} s "
                f"(samling {result.seconds_assemble:.2f} s, opsætning "
                f"{result.seconds_render:.2f} s)  {result.path}"
            )
            for warning in result.warnings:
                warned += 1
                print(f"  advarsel fra WeasyPrint: {warning}", file=sys.stderr)
    except PdfBuildError as error:
        for problem in error.problems:
            print(f"FEJL  {problem}", file=sys.stderr)
        return 1
    total = time.perf_counter() - start
    print(f"I alt {built} PDF'er på {total:.2f} s.")
    if failed:
        print(f"{failed} modul(er) kunne ikke bygges; se FEJL ovenfor.", file=sys.stderr)
        return 1
    if warned and args.strict:
        print(f"{warned} advarsel(er) fra WeasyPrint, og --strict er sat.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
