import pytest

from regionkit.ids import slug

# Examples given in ../shared/spec/interface.md.
SLUG_CASES = [
    ("Äldres hälsa och palliativ vård", "aldres-halsa-och-palliativ-vard"),
    ("Hjärt- och kärlsjukdomar", "hjart-och-karlsjukdomar"),
    ("Öron-, näs- och halssjukdomar", "oron-nas-och-halssjukdomar"),
    ("Jämtland Härjedalen", "jamtland-harjedalen"),
    ("  Västra Götaland ", "vastra-gotaland"),
    ("Linnéuniversitetet", "linneuniversitetet"),
    ("akut-vard", "akut-vard"),  # already a slug: unchanged
]


@pytest.mark.parametrize(("name", "expected"), SLUG_CASES)
def test_slug_follows_interface_rule(name, expected):
    assert slug(name) == expected
