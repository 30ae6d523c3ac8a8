"""`manage.py import_wxr`'s progress bar (on stderr) and `--report FILE.csv`."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.cms.blog_exports import export

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_wxr", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_shows_progress_and_writes_the_report(clinic, tmp_path):
    source = tmp_path / "blog.xml"
    source.write_bytes(export())
    report = tmp_path / "report.csv"
    out, err = run(source, "--report", report)
    assert err.endswith("\rImporting [" + "#" * 30 + "] 100% 4/4 posts\n")
    assert "\rImporting [#######-----------------------]  25% 1/4 posts" in err
    assert f"Report written to {report}" in out
    rows = list(csv.reader(report.open(encoding="utf-8")))
    assert rows[0] == [
        "Kind",
        "Post",
        "Post id",
        "Status on the old blog",
        "Action",
        "New address",
        "Reason or problem",
    ]
    posts = {row[1]: row for row in rows[1:] if row[0] == "post"}
    assert posts["Stretching after a long run"] == [
        "post",
        "Stretching after a long run",
        "100",
        "publish",
        "created",
        "/articles/stretching-after-a-long-run/",
        "",
    ]
    assert posts['\'=HYPERLINK("http://evil.example","Click")'][4] == "created"
    assert posts["Staff only: rota"][4] == "skipped" and "private" in posts["Staff only: rota"][6]
    assert [row[0] for row in rows[1:]].count("problem") >= 1


def test_dry_run_report_and_no_progress(clinic, tmp_path):
    source = tmp_path / "blog.xml"
    source.write_bytes(export())
    report = tmp_path / "dry.csv"
    out, err = run(source, "--dry-run", "--no-progress", "--report", report)
    assert err == ""
    assert {row[4] for row in csv.reader(report.open()) if row[0] == "post"} == {"to create", "to skip"}


def test_a_report_path_in_a_missing_folder_stops_before_importing(clinic, tmp_path):
    source = tmp_path / "blog.xml"
    source.write_bytes(export())
    with pytest.raises(CommandError, match="there is no folder"):
        run(source, "--report", tmp_path / "missing" / "report.csv")
