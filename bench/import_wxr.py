"""The WordPress import at scale (issue 17 point 8): generate an export of N posts (default 20,000)
in the shapes real blogs have (Gutenberg blocks, tables, code, embeds, classic posts with
shortcodes, tags, categories, comments), then time `import_wxr --dry-run` and `import_wxr` against a
fresh CMS (its own VAR_DIR with the demo, SQLite) and print each one's time, CPU time (a fairer
figure on a shared machine) and peak memory (the command's own maximum resident set size).

    PYTHONPATH=. .venv/bin/python bench/import_wxr.py [N] [--keep DIR] [--dry-run-only]

Targets: dry run <= 60 s, import <= 10 min, each within 300 MB. Pictures are left out (their
fetching is network-bound, not the importer's cost). A measurement, not a test.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.cms import wxr_exports as wxr  # noqa: E402

BODIES = [
    wxr.GUTENBERG.replace(
        '<!-- wp:image --><figure class="wp-block-image"><img src="pictures/a.png" alt="A calm room" class="wp-image-901"/><figcaption>The room</figcaption></figure><!-- /wp:image -->',
        "",
    ),
    "<p>"
    + "A paragraph about massage and recovery, with <strong>bold</strong> and <a href='https://example.org/'>a link</a>. "
    * 6
    + "</p>" * 1,
    'Classic post line one.\n\nhttps://www.youtube.com/watch?v=abc\n\n[contact-form-7 id="1"]\n\nAnother paragraph with [sic] in it.',
]


def generate(path: Path, count: int) -> None:
    with path.open("w") as out:
        head, tail = wxr.export("@@ITEMS@@").split("@@ITEMS@@")
        out.write(head)
        for number in range(1, count + 1):
            out.write(
                wxr.item(
                    title=f"Generated post {number}",
                    post_id=number,
                    slug=f"generated-post-{number}",
                    link=f"https://blog.example/2024/03/generated-post-{number}/",
                    content=BODIES[number % len(BODIES)],
                    excerpt="" if number % 2 else "A short excerpt.",
                    comments=number % 3,
                    status="publish" if number % 10 else "draft",
                    extra=f'<category domain="category" nicename="topic-{number % 40}"><![CDATA[Topic {number % 40}]]></category>',
                )
            )
        out.write(tail)


def manage(env: dict, *args: str) -> tuple[float, float, float]:
    """Run a manage.py command: its wall-clock seconds, CPU seconds and peak memory (MB)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(REPO / "cms" / "manage.py"), *args], env=env, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)  # this child's own figures, not the largest child's
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, args)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KB on Linux


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 20_000
    var = (
        Path(sys.argv[sys.argv.index("--keep") + 1])
        if "--keep" in sys.argv
        else Path(tempfile.mkdtemp(prefix="import-bench-"))
    )
    var.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "VAR_DIR": str(var),
        "SITE_PURGE_URL": "off",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "PYTHONPATH": str(REPO),
    }
    export = var / "export.xml"
    start = time.perf_counter()
    generate(export, count)
    print(
        f"generated {count:,} posts ({export.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.0f} s; VAR_DIR={var}"
    )
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    seconds, cpu, peak = manage(env, "import_wxr", str(export), "--dry-run")
    print(f"dry run: {seconds:6.1f} s ({cpu:.1f} s of CPU), peak memory {peak:.0f} MB")
    if "--dry-run-only" in sys.argv:
        return
    seconds, cpu, peak = manage(env, "import_wxr", str(export))
    print(f"import:  {seconds:6.1f} s ({cpu:.1f} s of CPU), peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
