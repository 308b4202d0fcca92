from django.core.paginator import Paginator
from django.shortcuts import render

from core.pages import visible_pages
from core.text import strip_control_characters

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search every page this person may see."""
    query = strip_control_characters(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    results = []
    if query:
        results = visible_pages(request.user).specific().search(query)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": page})
