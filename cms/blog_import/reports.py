"""An import's report as plain data (kept in ImportRun as JSON) and as CSV.

The admin and `import_wxr --report` both use it, so a report reads the same wherever it was made.
"""

import csv
from collections import Counter

from cms.core.csv_cells import safe_cell
from shared.site_map import ARTICLE, page_path

ACTIONS = ("create", "update", "unchanged", "skip")
DRY_RUN_WORDS = {"create": "to create", "update": "to update", "unchanged": "unchanged", "skip": "to skip"}
IMPORT_WORDS = {"create": "created", "update": "updated", "unchanged": "unchanged", "skip": "skipped"}
CSV_HEADER = ["Kind", "Post", "Post id", "Status on the old blog", "Action", "New address", "Reason or problem"]


def build(export, outcome, dry_run: bool) -> dict:
    """The report of one run of Importer.run(): every post with what happens to it, and every problem."""
    rows = []
    for plan in outcome.plans:
        post = plan.post
        slug = getattr(plan, "slug", "")
        rows.append(
            {
                "title": post.title,
                "label": plan.label,
                "post_id": str(getattr(post, "post_id", "") or ""),
                "status": getattr(post, "status", ""),
                "action": plan.action,
                "address": page_path(ARTICLE, slug) if slug and plan.action != "skip" else "",
                "reason": plan.reason,
            }
        )
    counts = outcome.counts
    return {
        "dry_run": dry_run,
        "source": getattr(export, "source", ""),
        "posts": len(rows),
        "counts": {action: counts.get(action, 0) for action in ACTIONS},
        "statuses": dict(Counter(row["status"] for row in rows).most_common()),
        "redirects": outcome.redirects,
        "rows": rows,
        "problems": [str(problem) for problem in outcome.problems],
    }


def summary(report: dict) -> str:
    """ "3 to create, 1 to update, 0 unchanged, 2 to skip" (or "created", ... after an import)."""
    words = DRY_RUN_WORDS if report["dry_run"] else IMPORT_WORDS
    return ", ".join(f"{report['counts'].get(action, 0)} {words[action]}" for action in ACTIONS)


def write_csv(report: dict, stream) -> None:
    """One line per post, then one per problem; every cell kept as text (no spreadsheet formulas)."""
    writer = csv.writer(stream)
    writer.writerow(CSV_HEADER)
    words = DRY_RUN_WORDS if report["dry_run"] else IMPORT_WORDS
    for row in report["rows"]:
        cells = [
            "post",
            row["title"],
            row["post_id"],
            row["status"],
            words.get(row["action"], row["action"]),
            row["address"],
            row["reason"],
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    for problem in report["problems"]:
        writer.writerow([safe_cell(cell) for cell in ["problem", "", "", "", "", "", problem]])
