"""manage.py import_cap [<file>...] [--url URL] : read FMI CAP 1.2 warnings (an alert or an
Atom feed) from files, or from a feed over HTTP the way the scheduled fetch_cap_feed does."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from turvaverkko.cap.actions import ImportResult, import_cap
from turvaverkko.cap.parsing import CapError


class Command(BaseCommand):
    help = (
        "Import FMI CAP 1.2 warnings from files (a single alert or an Atom feed), "
        "or with --url from a feed over HTTP."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*")
        parser.add_argument(
            "--url",
            help="Read this Atom feed (or CAP alert) over HTTP, with the linked alerts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["paths"] and not options["url"]:
            raise CommandError(_("Give one or more files, or --url URL."))
        for path in options["paths"]:
            if "://" in path:
                raise CommandError(_("Only files are supported here; read a feed with --url URL."))
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                message = _("the file cannot be read")
                raise CommandError(f"{path}: {message} ({exc.strerror or exc}).") from None
            try:
                result = import_cap(data, filename=Path(path).name)
            except CapError as exc:
                raise CommandError(f"{path}: {exc}") from None
            self.stdout.write(f"{path}: {_summary(result)}")
        if options["url"]:
            from turvaverkko.cap.feed import read_feed

            url = options["url"]
            try:
                feed = read_feed(url)
            except CapError as exc:
                raise CommandError(f"{url}: {exc}") from None
            if feed.unchanged:
                self.stdout.write(f"{url}: " + _("unchanged since the last read (304)"))
            else:
                fetched = ngettext(
                    "%(n)s linked alert fetched", "%(n)s linked alerts fetched", feed.linked
                ) % {"n": feed.linked}
                self.stdout.write(f"{url}: {fetched}; {_summary(feed.imported)}")


def _summary(result: ImportResult) -> str:
    # Every word through the catalogue: the CapError messages are translated too, so the
    # output is in one language (LANGUAGE_CODE, or the one a caller activated).
    return _(
        "%(created)s new, %(skipped)s skipped, %(superseded)s superseded, %(cancelled)s cancelled"
    ) % {
        "created": result.created,
        "skipped": result.skipped,
        "superseded": result.superseded,
        "cancelled": result.cancelled,
    }
