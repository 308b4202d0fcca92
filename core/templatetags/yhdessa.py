from django import template

from core.models import SiteSettings
from core.phone import format_phone

register = template.Library()


@register.filter
def phone(value):
    """040 123 4567 from +358401234567."""
    return format_phone(value)


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return {"ancestors": ancestors, "page": page}


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The navigation links, marking the one for this page ("page") or its section ("true")."""
    request = context.get("request")
    page = context.get("page")
    links = SiteSettings.for_request(request).navigation() if request else []
    for link in links:
        link.current = None
        if page is not None and page.path.startswith(link.page.path) and link.page.depth > 2:
            link.current = "page" if page.pk == link.page.pk else "true"
    return {"links": links}
