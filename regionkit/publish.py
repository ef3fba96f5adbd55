"""Replace an output folder as a whole: write a sibling folder, then swap it in atomically.

A build writes every file into a staging folder beside the output folder (``.processed.
regionkit-new-…`` next to ``data/processed``). Only when every file is complete does it swap
the two folders with one atomic system call (Linux ``renameat2(RENAME_EXCHANGE)``), and then
remove the old set. A run killed at any moment leaves either the previous set or the new one,
never a mix. Where the atomic exchange is not available the folders are swapped by two renames
(for an instant the folder is absent; a reader then says to run the build, and the next build
restores the previous set if the second rename never happened).

Files in the output folder that the build does not write (a researcher's notes, coded
validation sheets) are carried over into the new set, linked rather than copied.

Problems with the output folder (it is a file, it is read-only, the disk is full) are
`OutputError`s with a one-line message; the previous outputs are left as they were.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_STAGING = "regionkit-new-"
_OLD = "regionkit-old-"


class OutputError(Exception):
    """The output folder cannot be written; the message is one line naming it."""


def _resolve(out_dir: Path) -> Path:
    out = Path(out_dir).absolute()
    return out.resolve() if out.is_symlink() else out


def _sibling_prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}"


def describe_os_error(exc: OSError) -> str:
    """Return an OSError's reason in a few words ("No space left on device")."""
    return exc.strerror or type(exc).__name__


def check_output_dir(out_dir: Path) -> Path:
    """Check, before any work, that `out_dir` can be replaced; return its real path.

    Raises:
        OutputError: it is a file, it or its parent is read-only, or its parent is a file.
    """
    out = _resolve(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out_dir}: is a file, not a folder; nothing was processed")
    parent = out.parent
    for folder in (parent, *parent.parents):
        if folder.exists():
            if not folder.is_dir():
                raise OutputError(f"{out_dir}: {folder} is a file, not a folder; "
                                  "nothing was processed")
            break
    if out.is_dir() and not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: the folder is read-only; nothing was processed")
    existing = next(f for f in (parent, *parent.parents) if f.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out_dir}: cannot write in {existing} (read-only); "
                          "nothing was processed")
    return out


def _recover(out: Path) -> None:
    """Undo a swap by two renames that was cut off between them; drop stale staging folders."""
    parent = out.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(_sibling_prefix(out, _OLD) + "*"))
    if not out.exists() and olds:
        os.rename(olds[-1], out)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(_sibling_prefix(out, _STAGING) + "*")]:
        shutil.rmtree(stale, ignore_errors=True)


class Staging:
    """A sibling folder to write a new output set into, then swap in (`commit`) or drop.

    Args:
        out_dir: the output folder (it need not exist).
    """

    def __init__(self, out_dir: Path):
        self.given = Path(out_dir)
        self.out = check_output_dir(out_dir)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.out)
            _recover(self.out)
            self.folder = Path(tempfile.mkdtemp(prefix=_sibling_prefix(self.out, _STAGING),
                                                dir=self.out.parent))
        except OSError as exc:
            raise OutputError(f"{out_dir}: cannot write ({describe_os_error(exc)}); "
                              "nothing was processed") from exc
        os.chmod(self.folder, 0o755)

    def carry_over(self, written: Iterable[str]) -> None:
        """Link into the new set the entries of the old folder that the build does not write."""
        if not self.out.is_dir():
            return
        own = set(written)
        for entry in sorted(self.out.iterdir()):
            if entry.name in own or entry.name.startswith(".regionkit-"):
                continue
            target = self.folder / entry.name
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, target)

    def commit(self, written: Iterable[str]) -> None:
        """Carry over foreign files, then swap the new set in and remove the old one.

        Raises:
            OutputError: the swap failed; the previous outputs are in place.
        """
        try:
            self.carry_over(written)
            _fsync_tree(self.folder)
            if not self.out.exists():
                os.rename(self.folder, self.out)
            elif _exchange(self.folder, self.out):
                shutil.rmtree(self.folder, ignore_errors=True)
            else:
                old = Path(tempfile.mkdtemp(prefix=_sibling_prefix(self.out, _OLD),
                                            dir=self.out.parent))
                os.rmdir(old)
                os.rename(self.out, old)
                os.rename(self.folder, self.out)
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            self.abort()
            raise OutputError(f"{self.given}: cannot replace the outputs "
                              f"({describe_os_error(exc)}); previous outputs kept") from exc
        finally:
            self._release()

    def abort(self) -> None:
        """Drop the staging folder: the previous outputs stay as they were."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _fsync_tree(folder: Path) -> None:
    """Flush the new files to disk before they replace the old ones (a crash keeps one set)."""
    for path in [folder, *folder.iterdir()]:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def _lock(out: Path) -> int | None:
    """Take an exclusive lock on the output's parent folder (one build at a time there).

    The lock is on the folder itself, so no lock file is left behind; where the system cannot
    lock (Windows), there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(out.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder that cannot be opened: no lock
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise OutputError(f"{out}: another regionkit build is writing beside it, in "
                              f"{out.parent}") from exc
        raise
    return fd


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is None:
        return False
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
