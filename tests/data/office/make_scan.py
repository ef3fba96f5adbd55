"""Make `scan_plan.pdf`: page 1 of plan_sydostra.pdf as a scanner would give it (an image, no text).

    .venv/bin/python tests/data/office/make_scan.py

Renders the page with pdftoppm (poppler-utils) at 150 dpi in grey, and wraps the image back
into a PDF with Pillow, so the PDF has no text layer. Committed with its output, so the tests
need neither tool; the OCR test itself needs ocrmypdf and tesseract-ocr-swe and is skipped
without them.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write scan_plan.pdf."""
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1",
                        str(HERE / "plan_sydostra.pdf"), str(stem)], check=True)
        image = Image.open(next(Path(tmp).glob("page*.png"))).convert("L")
        image.save(HERE / "scan_plan.pdf", "PDF", resolution=150.0)
    print("wrote scan_plan.pdf")


if __name__ == "__main__":
    main()
