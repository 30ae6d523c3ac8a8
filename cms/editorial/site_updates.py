"""Dashboard panel: the changes the public site (or a CDN in front) has not taken yet.

Nothing when every purge went out. Otherwise "3 site updates waiting, oldest 4 min ago", as a
warning once the oldest is late (SITE_PURGE_LATE_SECONDS): the task worker is not running, or
the site or a CDN keeps refusing; readers see the old pages until the updates go out.
"""

from django.utils.timesince import timesince
from wagtail.admin.ui.components import Component

from cms.site_sync.waiting import waiting


class SiteUpdatesPanel(Component):
    name = "site_updates"
    order = 99  # above the overdue-schedule warning
    template_name = "editorial/site_updates_panel.html"

    def render_html(self, parent_context=None):
        self.waiting = waiting()  # one look-up; the panel is made for each dashboard request
        if not self.waiting.updates:
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        now = self.waiting
        return {
            "updates": now.updates,
            "oldest": now.oldest,
            "age": timesince(now.oldest, depth=1) if now.oldest else "",
            "late": now.late(),
        }
