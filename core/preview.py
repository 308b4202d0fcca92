"""Previews in a separate front end, when one is configured.

With HEADLESS_PREVIEW_URL set, an editor's preview opens that front end, which reads
the draft from /api/v2/page_preview/ (wagtail-headless-preview). Without it, previews
render with the site's own templates as usual.
"""

from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings


class SeparateFrontEndPreviewMixin(HeadlessPreviewMixin):
    def serve_preview(self, request, preview_mode):
        if not headless_preview_settings.CLIENT_URLS:
            return super(HeadlessPreviewMixin, self).serve_preview(request, preview_mode)
        return super().serve_preview(request, preview_mode)
