"""The old blog's addresses as Wagtail redirects, written a batch at a time.

A 20,000-post blog has over 100,000 old addresses: built all at once as Redirect objects they were
most of an import's memory. Each batch's are written with its articles instead; only the paths
(strings) are remembered, so that the first post (then archive) to claim an address keeps it.
"""

from __future__ import annotations

from wagtail.contrib.redirects.models import Redirect

MAX_PATH = 255  # Redirect.old_path


class OldAddresses:
    def __init__(self, site):
        self.site = site
        self.claimed: set[str] = set()

    def __len__(self) -> int:
        return len(self.claimed)

    def write(self, targets) -> None:
        """`targets`: (old path, page, page id or link) pairs; paths claimed before in this run are kept."""
        wanted = {}
        for path, target in targets:
            if path in self.claimed or len(path) > MAX_PATH:
                continue
            self.claimed.add(path)
            if isinstance(target, str):
                wanted[path] = (None, target)
            else:
                wanted[path] = (target if isinstance(target, int) else target.pk, "")
        if not wanted:
            return
        existing = {
            redirect.old_path: redirect
            for redirect in Redirect.objects.filter(site=self.site, old_path__in=list(wanted)).only(
                "id", "old_path", "redirect_page_id", "redirect_link"
            )
        }
        new, changed = [], []
        for path, (page_id, link) in wanted.items():
            redirect = existing.get(path)
            if redirect is None:
                new.append(
                    Redirect(
                        site=self.site, old_path=path, redirect_page_id=page_id, redirect_link=link, is_permanent=True
                    )
                )
            elif (redirect.redirect_page_id, redirect.redirect_link) != (page_id, link):
                redirect.redirect_page_id, redirect.redirect_link = page_id, link
                changed.append(redirect)
        Redirect.objects.bulk_create(new, batch_size=500)
        Redirect.objects.bulk_update(changed, ["redirect_page_id", "redirect_link"], batch_size=500)
