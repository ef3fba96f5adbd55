"""The one YAML loader: repeated keys, tags, aliases, sizes and unknown keys are refused."""

import pytest

from regionkit.datafiles import (
    DataFileError,
    check_keys,
    line_of,
    load_package_yaml,
    load_yaml_file,
    load_yaml_text,
)


def test_repeated_key_is_refused_with_both_lines():
    text = "parts:\n  sjukskoterska: 2\n  specialistsjukskoterska: 3\n  sjukskoterska: 1\n"
    with pytest.raises(DataFileError) as err:
        load_yaml_text(text, "themes.yaml")
    msg = str(err.value)
    assert msg.startswith("themes.yaml:4: key 'sjukskoterska' repeated (first on line 2)")
    assert "\n" not in msg


def test_python_tag_is_refused_in_one_line():
    with pytest.raises(DataFileError) as err:
        load_yaml_text("a: !!python/object:os.system {}\n", "p.yaml")
    assert str(err.value).startswith("p.yaml:1: not valid YAML")
    assert "\n" not in str(err.value)


def test_broken_yaml_names_file_and_line():
    with pytest.raises(DataFileError) as err:
        load_yaml_text("a: 1\nb: [1, 2\nc: 3\n", "p.yaml")
    assert str(err.value).startswith("p.yaml:")
    assert "\n" not in str(err.value)


def test_aliases_refused_where_asked_and_allowed_otherwise():
    text = "x: &a [1, 2]\ny: *a\n"
    assert load_yaml_text(text, "ok.yaml") == {"x": [1, 2], "y": [1, 2]}
    with pytest.raises(DataFileError, match=r"^p\.yaml:2: YAML aliases \(\*a\)"):
        load_yaml_text(text, "p.yaml", allow_aliases=False)


def test_size_limit():
    with pytest.raises(DataFileError, match="over the limit of 10"):
        load_yaml_text("a: 12345678901\n", "p.yaml", max_bytes=10)


def test_lines_are_remembered():
    data = load_yaml_text("a: 1\nb:\n  c: 2\n", "f.yaml")
    assert line_of(data, "a") == 1
    assert line_of(data, "b") == 2
    assert line_of(data["b"], "c") == 3


def test_check_keys_names_line_of_unknown_key():
    data = load_yaml_text("label: X\nweigth: 2\n", "themes.yaml")
    with pytest.raises(DataFileError) as err:
        check_keys(data, {"label", "weight"}, "theme 'pandemi'")
    assert str(err.value) == ("themes.yaml:2: theme 'pandemi': unknown key 'weigth' "
                              "(allowed: label, weight)")


def test_check_keys_missing_and_not_a_mapping():
    data = load_yaml_text("label: X\n", "t.yaml")
    with pytest.raises(DataFileError, match="missing key 'weight'"):
        check_keys(data, {"label", "weight"}, "theme", required=["weight"])
    with pytest.raises(DataFileError, match="expected a mapping, got list"):
        check_keys([1], {"a"}, "t.yaml: x")


def test_file_not_utf8_and_missing(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_bytes("a: \xe5\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        load_yaml_file(bad)
    with pytest.raises(DataFileError, match="cannot be read"):
        load_yaml_file(tmp_path / "missing.yaml")


def test_every_packaged_yaml_loads_without_repeated_keys():
    from importlib import resources

    for package in ("regionkit.lexicons", "regionkit.data"):
        names = [p.name for p in resources.files(package).iterdir() if p.name.endswith(".yaml")]
        assert names, package
        for name in names:
            load_package_yaml(package, name)
