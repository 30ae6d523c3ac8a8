"""How `make test` spreads the suite over pytest-xdist workers (tests/conftest.py): whole modules,
and all the browser tests as one unit, so module fixtures, Chromium and the reader site start once."""

from pathlib import Path

from tests.conftest import pytest_xdist_make_scheduler

MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"


class Options:
    """The two options the scheduler reads, as `pytest -n 3 --dist DIST` sets them."""

    def __init__(self, dist: str):
        self.values = {"dist": dist, "tx": ["3*popen"]}

    def getvalue(self, name):
        return self.values[name]


def test_make_test_uses_the_suites_scheduler():
    assert "--dist loadscope --no-loadscope-reorder" in MAKEFILE.read_text()


def test_every_browser_test_is_one_unit_and_other_tests_go_by_module():
    scope = pytest_xdist_make_scheduler(Options("loadscope"), None)._split_scope
    assert scope("tests/browser/test_accessibility.py::test_page[home-phone]") == scope(
        "tests/browser/test_admin_journey.py::test_an_editor_publishes"
    )
    assert (
        scope("tests/site/test_tags.py::test_a")
        == scope("tests/site/test_tags.py::test_b[x]")
        == "tests/site/test_tags.py"
    )
    assert scope("tests/site/test_tags.py::test_a") != scope("tests/site/test_feeds.py::test_a")


def test_other_distribution_modes_keep_pytest_xdists_own_scheduler():
    assert pytest_xdist_make_scheduler(Options("worksteal"), None) is None
