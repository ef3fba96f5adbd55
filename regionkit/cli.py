"""Command line: a thin layer over the library (`regionkit --help`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from regionkit import __version__


def _err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the processed tables."""
    from regionkit.build import BuildError, build_corpus

    if not Path(args.raw).is_dir():
        _err(f"{args.raw}: not a folder")
        return 2
    try:
        result = build_corpus(Path(args.raw), Path(args.out), report=_err, ocr=args.ocr)
    except BuildError as exc:
        _err(f"regionkit build: {exc}")
        return 2
    n = result.counts
    print(f"built {n.get('documents', 0)} documents, {n.get('segments', 0)} segments "
          f"({result.n_content_segments} content), "
          f"{n.get('entity_mentions', 0)} entity mentions, "
          f"{n.get('segment_themes', 0)} segment themes -> {args.out}"
          + (f" ({result.n_cached} unchanged documents reused)" if result.n_cached else ""))
    if not result.ok:
        _err(f"{len(result.problems)} problem(s): see the lines above")
    return 0 if result.ok else 1


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag segments of a JSONL file."""
    from regionkit.tagging import tag_jsonl

    problems = tag_jsonl(Path(args.input), Path(args.output))
    for line in problems:
        _err(f"{args.input}: {line}")
    return 1 if problems else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score tagging against gold annotations."""
    from regionkit.evaluate import evaluate_file

    report = evaluate_file(Path(args.gold), Path(args.pred) if args.pred else None,
                           damage_seed=args.damage_seed)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(report.to_text())
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Run the notebooks with papermill and render HTML reports."""
    from regionkit.report import ParameterError, ReportError, run_reports

    try:
        result = run_reports(Path(args.params) if args.params else None, Path(args.out),
                             processed_dir=Path(args.processed))
    except (ParameterError, ReportError) as exc:
        _err(str(exc))
        return 2
    print(result.summary())
    return result.exit_status


def cmd_export_lexicon(args: argparse.Namespace) -> int:
    """Write the lexicons as a quanteda dictionary."""
    from regionkit.tagging import export_quanteda

    export_quanteda(Path(args.output))
    print(f"wrote {args.output}")
    return 0


def cmd_shares(args: argparse.Namespace) -> int:
    """Print or write the priority table."""
    from regionkit.analysis.share_table import share_table
    from regionkit.tables import load_tables

    if args.json and args.csv:
        _err("regionkit shares: give --json or --csv, not both")
        return 2
    by = [c.strip() for c in args.by.split(",") if c.strip()] if args.by else []
    tables = load_tables(Path(args.processed))
    table = share_table(tables, by, measure=args.measure)
    if args.measure != "segments" and (~tables.validation_codes["stale"].astype(bool)).any():
        _err(f"note: corrected shares are given for --measure segments only (the coded unit); "
             f"the {args.measure} shares here are not corrected (README: Checking the "
             f"instrument)")
    if args.csv:
        table.to_csv(args.csv, index=False, encoding="utf-8-sig", lineterminator="\n")
        print(f"wrote {len(table)} rows to {args.csv}")
    elif args.json:
        records = table.astype(object).where(table.notna(), None).to_dict("records")
        print(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    """Write a blind coding sheet of randomly drawn content segments."""
    from regionkit.tables import load_tables
    from regionkit.validation.sample import draw_sample
    from regionkit.validation.sheets import write_sheet

    draw = draw_sample(load_tables(Path(args.processed)), args.n, by=args.by, seed=args.seed)
    written = write_sheet(draw, Path(args.output))
    strata = ", ".join(f"{k} {v['sampled']}/{v['population']}" for k, v in draw.strata.items())
    print(f"drew {len(draw.segments)} segments (seed {draw.seed}; by {draw.by}: {strata}) -> "
          + ", ".join(str(p) for p in written))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check coded sheets, store their codes and report agreement."""
    from regionkit.validation.sheets import SheetError
    from regionkit.validation.validate import validate_sheets

    try:
        report = validate_sheets([Path(s) for s in args.sheets],
                                 processed_dir=Path(args.processed),
                                 validation_dir=Path(args.validation), replace=args.replace)
    except SheetError as exc:
        _err(f"{exc}; nothing was stored")
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(report.to_text())
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    """Shares corrected for tagging error from tag output and a coded sample."""
    from regionkit.validation.estimate import estimate_files, format_estimates

    rows = estimate_files(Path(args.pred), Path(args.validation), alpha=args.alpha)
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
    else:
        print(format_estimates(rows))
    return 0


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `regionkit` command."""
    parser = argparse.ArgumentParser(prog="regionkit", description=__doc__)
    parser.add_argument("--version", action="version", version=f"regionkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build data/processed from data/raw")
    p.add_argument("--raw", default="data/raw", help="raw folder with manifest.csv")
    p.add_argument("--out", default="data/processed", help="output folder")
    p.add_argument("--ocr", action="store_true",
                   help="OCR PDFs without a text layer (needs ocrmypdf and tesseract-ocr-swe)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("tag", help="tag a JSONL file of {id, text} lines")
    p.add_argument("input", metavar="IN.jsonl")
    p.add_argument("output", metavar="OUT.jsonl")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("evaluate", help="score tagging against gold annotations")
    p.add_argument("gold", metavar="GOLD.jsonl")
    p.add_argument("--pred", metavar="PRED.jsonl", help="predictions (default: tag the gold texts)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--damage-seed", type=int, default=None,
                   help="damage the gold texts like OCR (seeded) before tagging them")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("report", help="render the comparison reports")
    p.add_argument("--params", metavar="FILE.yaml", help="parameter sets (default: built-in)")
    p.add_argument("--out", default="reports", help="output folder")
    p.add_argument("--processed", default="data/processed", help="processed tables folder")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export-lexicon", help="write the lexicons as a quanteda YAML dictionary")
    p.add_argument("output", metavar="OUT.yml")
    p.set_defaults(func=cmd_export_lexicon)

    p = sub.add_parser("shares", help="the priority table: theme shares with 95 % intervals")
    p.add_argument("--processed", default="data/processed", help="processed tables folder")
    p.add_argument("--by", default="sjukvardsregion",
                   help="grouping columns, comma-separated (e.g. doc_id or sjukvardsregion,year)")
    p.add_argument("--measure", default="units", choices=("units", "segments", "words"),
                   help="what is counted (default units: quasi-sentences)")
    p.add_argument("--json", action="store_true", help="print a JSON list of rows")
    p.add_argument("--csv", metavar="OUT", help="write the table as CSV")
    p.set_defaults(func=cmd_shares)

    p = sub.add_parser("sample", help="a blind coding sheet of randomly drawn segments")
    p.add_argument("output", metavar="OUT.xlsx|OUT.csv")
    p.add_argument("--n", type=int, required=True, help="number of segments to draw")
    p.add_argument("--by", default="sjukvardsregion", help="stratum column (default region)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--processed", default="data/processed", help="processed tables folder")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("validate", help="check coded sheets, store codes, report agreement")
    p.add_argument("sheets", nargs="+", metavar="SHEET")
    p.add_argument("--processed", default="data/processed", help="processed tables folder")
    p.add_argument("--validation", default="data/validation",
                   help="folder the coded sheets are kept in (an input of every build)")
    p.add_argument("--replace", action="store_true",
                   help="overwrite a stored sheet of the same name")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("estimate", help="shares corrected for tagging error (coded sample)")
    p.add_argument("pred", metavar="PRED.jsonl", help="`regionkit tag` output of every unit")
    p.add_argument("validation", metavar="VALIDATION.jsonl", help="coded lines: id, themes")
    p.add_argument("--alpha", type=float, default=0.05, help="1 - coverage (default 0.05)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_estimate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `regionkit` command; return its exit status."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        _err(f"regionkit {args.command}: {' '.join(str(exc).split())}")
        return 2
    except ImportError as exc:
        _err(f"regionkit {args.command}: cannot load {exc.name or 'a module'} ({exc}); "
             "reinstall regionkit with its dependencies")
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"regionkit {args.command}: {where}{exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        _err("interrupted: previous outputs are left as they were")
        return 130


if __name__ == "__main__":
    sys.exit(main())
