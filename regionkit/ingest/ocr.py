"""OCR of a PDF without a text layer, with ocrmypdf and tesseract's Swedish model.

Asked for by `regionkit build --ocr` or a manifest row's `ocr` column. The OCR'd PDF is kept in a
cache folder, named by the SHA-256 of the scanned file, so a rebuild does not OCR again. The text
it yields is OCR text: the build runs the å/ä/ö repair on it (as for seed 004).

Neither tool is a Python package: on Debian or Ubuntu, `apt-get install ocrmypdf
tesseract-ocr-swe`. Without them the error says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from regionkit.ingest.errors import IngestError

INSTALL_HINT = "apt-get install ocrmypdf tesseract-ocr-swe"
# Seconds one file may take (a scanned report of a hundred pages takes a few minutes on 2 cores).
OCR_TIMEOUT = 1800


def ocr_available() -> str | None:
    """Return None when ocrmypdf and tesseract with Swedish are installed, else what is missing."""
    if shutil.which("ocrmypdf") is None:
        return "ocrmypdf is not installed"
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return "tesseract is not installed"
    try:
        langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                               timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run ({exc})"
    if "swe" not in (langs.stdout + langs.stderr).split():
        return "tesseract has no Swedish model (swe)"
    return None


def ocr_pdf(path: Path, sha256: str, cache: Path) -> Path:
    """Return the path of an OCR'd copy of the PDF at `path`, made now or found in `cache`.

    Raises:
        IngestError: the tools are missing, or ocrmypdf failed on the file.
    """
    target = Path(cache) / f"{sha256}.pdf"
    if target.is_file() and target.stat().st_size > 0:
        return target
    missing = ocr_available()
    if missing:
        raise IngestError(path, f"no text layer and OCR is not possible: {missing} "
                                f"(install: {INSTALL_HINT})")
    Path(cache).mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=cache)
    os.close(fd)
    try:
        done = subprocess.run(
            ["ocrmypdf", "-l", "swe", "--skip-text", "--output-type", "pdf", "--quiet",
             str(path), tmp],
            capture_output=True, text=True, timeout=OCR_TIMEOUT, check=False,
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise IngestError(path, f"OCR failed (ocrmypdf exit {done.returncode}: {last})")
        os.replace(tmp, target)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(path, f"OCR took longer than {OCR_TIMEOUT} s") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
