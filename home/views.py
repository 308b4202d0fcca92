from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from core.query_input import strip_control_characters

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search every published, public page."""
    query = strip_control_characters(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": page})
