"""One loader for every YAML file regionkit reads: packaged data and a user's parameter files.

Every lexicon, cue set, rule file and parameter file goes through `load_yaml_text`,
`load_yaml_file` or `load_package_yaml`, and every mapping read from one is checked with
`check_keys`. There is one error class, `DataFileError`, whose message names the file and the
line. What the loader refuses, and why:

* **a repeated key** in a mapping: plain YAML keeps the last value silently, so a researcher's
  edit that repeats a key (``specialistsjuksköterska: 3`` under ``parts``) would be dropped;
* **anything but plain data** (``!!python/object`` and other tags): the safe loader's rule;
* **aliases**, where the caller says so (parameter files): ``*ref`` lets a few lines expand into
  millions of values;
* **a file over a size limit**, where the caller gives one.

Mappings come back as `LinedDict`, a ``dict`` that remembers the line of each key, so that a
later check (an unknown key, a bad value) can name the line too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

__all__ = [
    "DataFileError",
    "LinedDict",
    "check_keys",
    "dump_yaml",
    "line_of",
    "load_package_yaml",
    "load_yaml_file",
    "load_yaml_text",
]


class DataFileError(ValueError):
    """A data or parameter file that cannot be used; the message names the file and line."""


class LinedDict(dict):
    """A mapping read from YAML that remembers where it and each of its keys stood.

    Attributes:
        origin: the file it was read from (as given to the loader).
        line: the 1-based line of the mapping itself.
        lines: the 1-based line of each key.
    """

    origin: str = ""
    line: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}


def _where(origin: str, line: int | None) -> str:
    return f"{origin}:{line}" if line else origin


def line_of(data: Any, key: Any = None) -> int | None:
    """Return the line of `key` in a mapping read by this module (or of the mapping itself)."""
    if not isinstance(data, LinedDict):
        return None
    return data.line if key is None else data.lines.get(key, data.line)


def where(data: Any, key: Any = None, fallback: str = "") -> str:
    """Return ``file:line`` for `key` of `data` (or for `data`), for an error message."""
    if isinstance(data, LinedDict):
        return _where(data.origin or fallback, line_of(data, key))
    return fallback


class _Loader(yaml.SafeLoader):
    """SafeLoader that rejects repeated keys and, if asked, aliases; mappings are LinedDict."""

    origin = "<string>"
    allow_aliases = True

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if not self.allow_aliases and self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise DataFileError(
                f"{_where(self.origin, event.start_mark.line + 1)}: YAML aliases (*{event.anchor})"
                " are not allowed in this file; write the values out")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping, found {node.id}",
                                   node.start_mark)
        self.flatten_mapping(node)
        out = LinedDict()
        out.origin = self.origin
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise DataFileError(f"{_where(self.origin, key_node.start_mark.line + 1)}: "
                                    "a mapping key must be a plain value") from None
            if key in out:
                raise DataFileError(
                    f"{_where(self.origin, key_node.start_mark.line + 1)}: key {key!r} repeated "
                    f"(first on line {out.lines[key]}); YAML would keep only the last value")
            out[key] = self.construct_object(value_node, deep=deep)
            out.lines[key] = key_node.start_mark.line + 1
        return out


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)


def load_yaml_text(text: str | bytes, origin: str, *, allow_aliases: bool = True,
                   max_bytes: int | None = None) -> Any:
    """Parse YAML text as plain data.

    Args:
        text: the YAML document.
        origin: the file name to put in messages.
        allow_aliases: accept ``&anchor``/``*alias`` (packaged data may; user files may not).
        max_bytes: refuse a longer text.

    Raises:
        DataFileError: a syntax error, a repeated key, a tag that is not plain data, an alias
            where none is allowed, or a text over `max_bytes`; the message is one line.
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if max_bytes is not None and size > max_bytes:
        raise DataFileError(f"{origin}: {size:,} bytes, over the limit of {max_bytes:,}")
    loader = _Loader(text)
    loader.origin = origin
    loader.allow_aliases = allow_aliases
    try:
        return loader.get_single_data()
    except DataFileError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise DataFileError(f"{_where(origin, line)}: not valid YAML ({problem})") from None
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "not valid YAML"
        raise DataFileError(f"{origin}: not valid YAML ({first})") from None
    except RecursionError:
        raise DataFileError(f"{origin}: nested too deeply") from None
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path, *, allow_aliases: bool = True,
                   max_bytes: int | None = None) -> Any:
    """Read and parse a YAML file (see `load_yaml_text`); an unreadable file is a DataFileError."""
    path = Path(path)
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise DataFileError(f"{path}: {path.stat().st_size:,} bytes, over the limit of "
                                f"{max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 (byte {exc.start})") from None
    return load_yaml_text(text, str(path), allow_aliases=allow_aliases, max_bytes=max_bytes)


def load_package_yaml(package: str, name: str) -> Any:
    """Read a YAML file packaged with regionkit (found with importlib.resources).

    Args:
        package: the package holding it, e.g. ``"regionkit.lexicons"``.
        name: the file name, e.g. ``"themes.yaml"``.
    """
    resource = resources.files(package).joinpath(name)
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{package}/{name}: cannot be read ({exc})") from None
    return load_yaml_text(text, f"{package.replace('.', '/')}/{name}")


def dump_yaml(data: Any) -> str:
    """Return `data` as block-style YAML (UTF-8 text, keys in the given order), for exports."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=1000)


def check_keys(data: Any, allowed: Iterable[str], where_: str = "",
               required: Iterable[str] = ()) -> Mapping:
    """Return `data` if it is a mapping with only `allowed` keys and every `required` one.

    Args:
        data: the value read from YAML.
        allowed: the keys it may have.
        where_: what it is, for the message (e.g. ``"themes.yaml: theme 'pandemi'"``); the file
            and line are added when `data` came from this module's loader.
        required: the keys it must have.

    Raises:
        DataFileError: not a mapping, an unknown key (named with its line and the allowed
            keys), or a missing key.
    """
    allowed = set(allowed)
    if not isinstance(data, Mapping):
        raise DataFileError(f"{where_}: expected a mapping, got {type(data).__name__}")
    what = _without_origin(where_, data)
    unknown = sorted((k for k in data if k not in allowed), key=str)
    if unknown:
        key = unknown[0]
        at = where(data, key, fallback=what)
        raise DataFileError(f"{at}: {what + ': ' if what and at != what else ''}unknown "
                            f"key {key!r} (allowed: {', '.join(sorted(allowed))})")
    missing = [k for k in required if k not in data]
    if missing:
        at = where(data, fallback=what)
        raise DataFileError(f"{at}: {what + ': ' if what and at != what else ''}missing key "
                            f"{missing[0]!r}")
    return data


def _without_origin(where_: str, data: Any) -> str:
    """Drop a leading file name from `where_` when `data` names its file and line itself."""
    origin = data.origin if isinstance(data, LinedDict) else ""
    if not origin:
        return where_
    for name in (origin, origin.replace("\\", "/").rsplit("/", 1)[-1]):
        if where_ == name:
            return ""
        if where_.startswith(name + ": "):
            return where_[len(name) + 2:]
    return where_
