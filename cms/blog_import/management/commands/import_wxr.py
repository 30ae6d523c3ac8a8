"""manage.py import_wxr FILE [--dry-run]: import a WordPress (or Squarespace) export's posts as articles."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.blog_import import reports
from cms.blog_import.importer import Importer, ImportFailed
from cms.blog_import.progress import TerminalBar
from cms.blog_import.wxr import WxrError, parse_file
from shared.site_map import ARTICLE, page_path

VERBS = {"create": "created", "update": "updated", "unchanged": "unchanged", "skip": "skipped"}
DRY_VERBS = {"create": "to create", "update": "to update", "unchanged": "unchanged", "skip": "to skip"}


class Command(BaseCommand):
    help = (
        "Import the posts of a WordPress eXtended RSS export (WXR) as articles, with redirects from "
        "their old addresses. Re-running the same file updates what it made. Nothing is saved when "
        "the file is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export (.xml); featured images may be paths relative to it")
        parser.add_argument("--dry-run", action="store_true", help="show what would change and save nothing")
        parser.add_argument(
            "--skip-categories",
            action="store_true",
            help="do not add the posts' categories as tags (tags are always imported)",
        )
        parser.add_argument(
            "--report", metavar="FILE.csv", help="also write the report, one line per post and per problem, as CSV"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (it goes to stderr)")
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="LOGIN=THERAPIST-SLUG",
            help="the therapist a WordPress login wrote as (repeatable); others are matched by display name",
        )
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="update articles an editor changed in Wagtail since the last import (else they are left alone)",
        )
        parser.add_argument(
            "--allow-private-image-hosts",
            action="store_true",
            default=None,
            help="fetch pictures from loopback, private, link-local or reserved addresses (refused by default)",
        )
        parser.add_argument(
            "--max-image-pixels", type=int, help="refuse bigger pictures (BLOG_IMPORT_MAX_IMAGE_PIXELS)"
        )

    def handle(self, *args, file, dry_run, skip_categories, report=None, no_progress=False, **options):
        path = Path(file)
        if report and not Path(report).parent.is_dir():
            raise CommandError(f"--report {report}: there is no folder {Path(report).parent}. Nothing was imported.")
        authors = dict(pair.split("=", 1) for pair in options["author"] if "=" in pair)
        if len(authors) != len(options["author"]):
            raise CommandError("--author takes LOGIN=THERAPIST-SLUG, e.g. --author piia=piia-laakso")
        progress = None if no_progress else TerminalBar(self._bar_out, "Checking" if dry_run else "Importing")
        try:
            export = parse_file(path)
            importer = Importer(
                export,
                path.parent,
                categories_as_tags=not skip_categories,
                authors=authors,
                overwrite_edits=options["overwrite_edits"],
                allow_private_hosts=options["allow_private_image_hosts"],
                max_image_pixels=options["max_image_pixels"],
            )
            outcome = importer.run(dry_run=dry_run, progress=progress)
        except (WxrError, ImportFailed) as error:
            raise CommandError(f"{path.name}: {error}. Nothing was imported.") from error

        write = self.stdout.write
        heading = "Dry run, nothing saved" if dry_run else "Imported"
        write(f"{heading}: {len(export.posts)} posts from {export.source} into /{importer.index.slug}/")
        for plan in outcome.plans:
            where = page_path(ARTICLE, plan.slug) if plan.slug else ""
            state = "live" if plan.live else "draft"
            line = f"  {plan.action:<9} {plan.label}"
            if plan.action != "skip":
                line += f" -> {where} ({state})"
            if plan.reason:
                line += f": {plan.reason}"
            if (
                dry_run
                and plan.action in ("create", "update")
                and plan.attachment
                and plan.image is None
                and plan.attachment.url
            ):
                line += f"; featured image from {plan.attachment.url}"
            write(line)
        others = ", ".join(f"{count} {kind}" for kind, count in sorted(export.other_items.items()))
        if others or export.attachments:
            write(
                f"Not articles, left alone: {len(export.attachments)} attachment"
                + ("" if len(export.attachments) == 1 else "s")
                + (f", {others}" if others else "")
            )
        verbs = DRY_VERBS if dry_run else VERBS
        counts = ", ".join(f"{outcome.counts.get(action, 0)} {verb}" for action, verb in verbs.items())
        redirects = f"{outcome.redirects} redirect" + ("" if outcome.redirects == 1 else "s")
        write(self.style.SUCCESS(f"Summary: {counts}; {redirects} {'to make' if dry_run else 'in place'}."))
        if outcome.comments:
            write(f"Comments: {outcome.comments} on the old blog, counted, not imported.")
        if outcome.featured:
            write(f"Featured on the home page: {outcome.featured} sticky post(s).")
        if outcome.problems:
            write(self.style.WARNING(f"Problems ({len(outcome.problems)}):"))
            for problem in outcome.problems:
                write(f"  - {problem}")
        else:
            write("No problems.")
        if report:
            with open(report, "w", newline="", encoding="utf-8") as stream:
                reports.write_csv(reports.build(export, outcome, dry_run), stream)
            write(f"Report written to {report}")

    def _bar_out(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()
