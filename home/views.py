from django.core.paginator import Paginator
from django.shortcuts import render

from core.text import strip_control_characters
from home.search import SearchResults

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search every page and idea this person may see (home/search.py)."""
    query = strip_control_characters(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    results = SearchResults(query, request)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": page})
