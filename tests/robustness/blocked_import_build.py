"""Run `regionkit build` once normally, then once per regionkit module with that module made
unimportable; print one JSON line per run: module, exit status, stderr, output files' hashes.

Usage: python blocked_import_build.py RAW OUT_ROOT MODULE [MODULE ...]

The first run (in this process) loads the third-party libraries and their data; each blocked
run is a forked child that forgets every regionkit module, installs a meta-path hook raising
ImportError for its module, and runs the command line's `main`.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import io
import json
import os
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path


class Blocker(importlib.abc.MetaPathFinder):
    def __init__(self, name: str):
        self.name = name

    def find_spec(self, fullname, path=None, target=None):
        if fullname == self.name:
            raise ImportError(f"No module named {fullname!r} (blocked by the test)",
                              name=fullname)
        return None


def hashes(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def run(raw: str, out: Path) -> tuple[int, str]:
    from regionkit.cli import main

    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        try:
            code = main(["build", "--raw", raw, "--out", str(out)])
        except BaseException:  # noqa: BLE001 - a traceback is what the test looks for
            traceback.print_exc()
            code = 99
    return code, err.getvalue()


def main() -> None:
    raw, root, modules = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    code, err = run(raw, root / "baseline")
    print(json.dumps({"module": None, "code": code, "stderr": err,
                      "files": hashes(root / "baseline")}), flush=True)
    for k, name in enumerate(modules):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            for mod in [m for m in sys.modules if m == "regionkit" or m.startswith("regionkit.")]:
                del sys.modules[mod]
            sys.meta_path.insert(0, Blocker(name))
            out = root / f"run{k}"
            code, err = run(raw, out)
            with os.fdopen(write, "w") as fh:
                fh.write(json.dumps({"module": name, "code": code, "stderr": err,
                                     "files": hashes(out)}))
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as fh:
            line = fh.read()
        os.waitpid(pid, 0)
        print(line, flush=True)


if __name__ == "__main__":
    main()
