"""A crawl of one Site's public answers: every address given, and every same-site link found.

Shared by the private-values test (nothing private reaches any answer) and the
municipality-isolation test (nothing of another municipality reaches a municipality's).
"""

import contextlib
import json
import re
from collections import deque
from urllib.parse import urlsplit

NOT_FOLLOWED = ("/admin/", "/static/", "/media/", "/documents/", "/tili/logout/")
LINK = re.compile(r"""(?:href|src|action)=["']([^"'#]+)""")
MAX_FETCHES = 3000
# Every page links sign-in and sign-up with its own `next=`; these pages show nothing but
# that echoed address, so one of each per language is enough (the budget goes to content).
ONE_PER_PATH = re.compile(r"^(/(sv|en))?/tili/")


def _key(url):
    return urlsplit(url).path if ONE_PER_PATH.match(url) else url


def links(body, content_type, root):
    """The same-site paths in a response; absolute links are on the Site's address `root`."""
    if "json" in content_type:
        found = re.findall(rf'"(?:{re.escape(root)})?(/[^"\s]*)"', body)
    else:
        found = [link.replace("&amp;", "&") for link in LINK.findall(body)]
    for link in found:
        link = link.removeprefix(root)
        if link.startswith("/") and not link.startswith("//"):
            yield link


def text_of(response):
    """The answer as text; JSON with its \\u escapes written out, so values compare."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def crawl(client, start, root, *, max_fetches=MAX_FETCHES, followed=lambda url: True):
    """[(url, status, text)] for every address from `start` and every same-site link found
    on the way (`root` is the Site's address, as absolute links in feeds and JSON name it;
    `followed(url)` may leave some found links out)."""
    seen, queue, answers = set(), deque(start), []
    while queue and len(seen) < max_fetches:
        url = queue.popleft()
        if _key(url) in seen or url.startswith(NOT_FOLLOWED):
            continue
        seen.add(_key(url))
        response = client.get(url)
        text = text_of(response)
        answers.append((url, response.status_code, text))
        if response.status_code in (301, 302) and response.get("Location", "").startswith("/"):
            queue.append(response["Location"])
        for link in links(text, response.get("Content-Type", ""), root):
            if urlsplit(link).path and _key(link) not in seen and followed(link):
                queue.append(link)
    return answers
