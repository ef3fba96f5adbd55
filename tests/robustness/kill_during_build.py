"""Kill `regionkit build` at each file-system step in turn and record what the output holds.

Usage: python kill_during_build.py WORKDIR

Builds a small corpus once (the old set), changes one document, builds it into a second folder
(the new set), then for k = 1, 2, ...: copies the old set, and in a forked child rebuilds into
the copy with an audit hook that ends the process (``os._exit``, like a kill) at the k-th
file-system step (a file opened for writing, a rename, a link, a folder made or removed). Prints
one JSON line per k: ``{"k", "state"}`` with state "old", "new" or "mixed"; the last line
has ``"done": true`` once a build ran through without reaching step k.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_helpers import PLAN_TEXT, no_tags, write_corpus  # noqa: E402

from regionkit.build import build_corpus  # noqa: E402


def build(raw: Path, out: Path) -> None:
    """Build without workers (an older build_corpus has no n_process)."""
    kwargs = {"n_process": 1} if "n_process" in inspect.signature(build_corpus).parameters else {}
    build_corpus(raw, out, tag_many=no_tags, **kwargs)


STEPS = {"os.rename", "os.link", "os.mkdir", "os.rmdir", "os.remove", "shutil.rmtree",
         "os.symlink", "ctypes.call_function"}


def state(folder: Path) -> dict[str, str]:
    """Hashes of every file under `folder`, the cache included."""
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    work = Path(sys.argv[1])
    raw = write_corpus(work)
    old_dir, new_dir = work / "old", work / "new"
    build(raw, old_dir)
    (raw / "plan.txt").write_text(PLAN_TEXT + "\n- Ny aktivitet om digitalisering.\n",
                                  encoding="utf-8")
    shutil.copytree(old_dir, new_dir)
    build(raw, new_dir)
    old, new = state(old_dir), state(new_dir)
    assert old != new
    for k in range(1, 400):
        target = work / "out"
        shutil.rmtree(target, ignore_errors=True)
        for stale in work.glob(".out.*"):
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink()
        shutil.copytree(old_dir, target)
        pid = os.fork()
        if pid == 0:
            count = 0

            def hook(event, args, k=k):
                nonlocal count
                writing = event == "open" and (
                    (isinstance(args[1], str) and any(c in args[1] for c in "wax+"))
                    or (args[1] is None and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)))
                if writing or event in STEPS:
                    count += 1
                    if count == k:
                        os._exit(9)

            sys.addaudithook(hook)
            build(raw, target)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        now = state(target)
        found = "old" if now == old else "new" if now == new else "mixed"
        finished = os.waitstatus_to_exitcode(status) == 0
        print(json.dumps({"k": k, "state": found, "done": finished,
                          "files": sorted(now) if found == "mixed" else []}), flush=True)
        if finished:
            break


if __name__ == "__main__":
    main()
