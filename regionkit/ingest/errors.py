"""The one error of the ingest stage: a file that cannot be read, named with the reason."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that cannot be read as text: ``str(e) == f"{path.name}: {reason}"``.

    Attributes:
        path: the file.
        reason: why it could not be read, in one line.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())
        # `args` as given to __init__, so the error survives pickling (worker processes).
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path.name}: {self.reason}"
