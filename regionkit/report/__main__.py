"""`python -m regionkit.report refresh-notebooks [DIR]`: store the checked outputs again.

Re-executes each notebook on the test fixture (default ``tests/data/processed_small``) and keeps
only the outputs nbval compares (see `regionkit.report.notebook.refresh_notebook_outputs`).
"""

import sys
from pathlib import Path

from regionkit.report.notebook import refresh_notebook_outputs


def main(argv: list[str]) -> int:
    """Run the maintenance command; return the exit status."""
    if argv[:1] != ["refresh-notebooks"]:
        print("usage: python -m regionkit.report refresh-notebooks [PROCESSED_DIR]",
              file=sys.stderr)
        return 2
    fixture = Path(argv[1]) if len(argv) > 1 else Path("tests/data/processed_small")
    for written_path in refresh_notebook_outputs(Path("notebooks"), fixture):
        print(written_path)
    return 0


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    sys.exit(main(sys.argv[1:]))
