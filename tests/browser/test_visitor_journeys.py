"""What a resident does on the site, step by step, checking what they see on the way.

The demo municipality is Järvelä; the tests look its pages and people up from the
models, so they follow the demo rather than repeat its texts.
"""

import re
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from forums.models import ForumMeetingPage, ForumPage
from guidelines.models import GuidelinePage
from news.models import NewsIndexPage
from tests.browser.helpers import on_default_site, path_of

pytestmark = pytest.mark.browser

FINNISH_DATETIME = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}")
FINNISH_PHONE = re.compile(r"^0\d{1,2} \d{3} \d{3,4}$")


def finnish_datetime(value):
    """12.3.2026 klo 17.30, in the site's time zone, as municipal announcements write it."""
    local = timezone.localtime(value)
    return f"{local.day}.{local.month}.{local.year} klo {local.hour}.{local.minute:02d}"


def main_navigation(page):
    return page.get_by_role("navigation", name="Päävalikko")


def next_meeting():
    meeting = (
        on_default_site(ForumMeetingPage).filter(end__gte=timezone.now()).order_by("start").first()
    )
    assert meeting is not None, "the demo has no upcoming meeting"
    return meeting


def test_resident_follows_the_home_page_to_the_next_forum_meeting(demo, page):
    meeting = next_meeting()

    page.goto(demo + "/")
    meetings = page.get_by_role("region", name="Tulevat kokoukset")
    first_link = meetings.get_by_role("link").first
    expect(first_link).to_have_text(meeting.title)
    first_link.click()

    expect(page).to_have_url(demo + path_of(meeting))
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    starts = page.locator("main time").first
    expect(starts).to_have_text(FINNISH_DATETIME)
    expect(starts).to_have_text(finnish_datetime(meeting.start))
    expect(page.get_by_text(meeting.place_name)).to_be_visible()
    expect(page.get_by_role("link", name="Lisää kalenteriin (.ics)")).to_be_visible()


def test_resident_adds_the_next_forum_meeting_to_their_calendar(demo, page):
    meeting = next_meeting()
    page.goto(demo + path_of(meeting))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lisää kalenteriin (.ics)").click()
    download = download_info.value
    assert download.failure() is None, f"the download failed: {download.failure()}"
    assert download.suggested_filename.endswith(".ics")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR")
    assert meeting.title in content.replace("\r\n ", "")  # unfold long lines
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]) == meeting.title
    assert event.decoded("DTSTART") == meeting.start
    assert meeting.place_name in str(event["LOCATION"])


def test_resident_finds_whom_to_call_about_a_forum(demo, page):
    forum = on_default_site(ForumPage).filter(coordinator__isnull=False).order_by("path").last()
    coordinator = forum.coordinator

    page.goto(demo + "/")
    main_navigation(page).get_by_role("link", name="Yhteystiedot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yhteystiedot")

    card = page.get_by_role("article").filter(has_text=forum.title)
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading")).to_have_text(coordinator.name)
    phone_link = card.locator('a[href^="tel:"]')
    expect(phone_link).to_have_text(FINNISH_PHONE)
    expect(phone_link).to_have_attribute("href", re.compile(r"^tel:\+358\d{6,10}$"))
    shown = phone_link.inner_text()
    dialled = phone_link.get_attribute("href").removeprefix("tel:+358")
    assert shown.replace(" ", "") == "0" + dialled, "the shown number is not the one dialled"
    expect(card.get_by_role("link", name=coordinator.email)).to_have_attribute(
        "href", f"mailto:{coordinator.email}"
    )


def test_resident_searches_for_a_word_and_opens_a_result(demo, page):
    forum = on_default_site(ForumPage).order_by("path").last()
    word = forum.title.split()[-1].lower()  # "matkailufoorumi", say

    page.goto(demo + "/")
    search_box = page.get_by_role("searchbox", name="Hae sivustolta")
    search_box.fill(word)
    search_box.press("Enter")

    expect(page).to_have_url(re.compile(r"/haku/\?q=" + re.escape(quote_plus(word)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hae")
    expect(
        page.get_by_role("heading", level=2, name=re.compile(r"^\d+ tulosta? haulla"))
    ).to_be_visible()
    results = page.locator("ol.search-results")
    results.get_by_role("link", name=forum.title, exact=True).click()

    expect(page).to_have_url(demo + path_of(forum))
    expect(page.get_by_role("heading", level=1)).to_have_text(forum.title)


def test_resident_reads_the_guideline_and_jumps_to_a_section(demo, page):
    guideline = on_default_site(GuidelinePage).first()
    sections = list(guideline.sections.all())
    assert len(sections) >= 3, "the demo guideline should have several sections"
    number, section = len(sections) - 1, sections[-2]

    page.goto(demo + "/")
    main_navigation(page).get_by_role("link", name="Ohje").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(guideline.title)

    heading = page.get_by_role("heading", level=2, name=f"{number}. {section.title}")
    expect(heading).not_to_be_in_viewport()
    contents = page.get_by_role("navigation", name="Sisällys")
    expect(contents.get_by_role("listitem")).to_have_count(len(sections))
    contents.get_by_role("link", name=section.title, exact=True).click()

    expect(page).to_have_url(demo + path_of(guideline) + f"#{section.anchor}")
    expect(heading).to_be_in_viewport()


def test_visitor_switches_the_interface_to_english_and_back(demo, page):
    news_index = on_default_site(NewsIndexPage).first()
    page.goto(demo + path_of(news_index))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("link", name="Siirry sisältöön")).to_be_attached()

    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="English").click()

    # The same page, with the interface in English and the content still Finnish.
    expect(page).to_have_url(demo + "/en" + path_of(news_index))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(news_index.title)

    # Links keep the language: the breadcrumbs lead to the English front page.
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page).to_have_url(demo + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Upcoming meetings")).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Suomi").click()
    expect(page).to_have_url(demo + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", name="Tulevat kokoukset")).to_be_visible()


def test_resident_browses_the_news_and_filters_them_by_a_tag(demo, page):
    news_index = on_default_site(NewsIndexPage).first()
    newest_first = list(news_index.articles())
    article = next(a for a in newest_first if a.tags.exists())
    tag = article.tags.order_by("name").first()
    tagged = [a.title for a in newest_first if a.tags.filter(pk=tag.pk).exists()]

    page.goto(demo + "/")
    main_navigation(page).get_by_role("link", name="Ajankohtaista").click()
    expect(page).to_have_url(demo + path_of(news_index))
    teaser_titles = page.locator("main article").get_by_role("heading", level=2)
    expect(teaser_titles).to_have_text([a.title for a in newest_first[:10]])
    expect(page.get_by_text(re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")).first).to_be_visible()
    more_pages = page.get_by_role("navigation", name="Sivut")
    expect(more_pages).to_have_count(1 if len(newest_first) > 10 else 0)

    page.get_by_role("link", name=article.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    page.locator("ul.tags").get_by_role("link", name=tag.name, exact=True).click()

    expect(page).to_have_url(re.compile(r"\?tag="))
    expect(page.get_by_text(re.compile(r"^Uutiset asiasanalla ”"))).to_be_visible()
    expect(teaser_titles).to_have_text(tagged)
    page.get_by_role("link", name="Näytä kaikki uutiset").click()
    expect(page).to_have_url(demo + path_of(news_index))
    expect(teaser_titles).to_have_count(min(len(newest_first), 10))


def test_search_and_language_links_work_without_javascript(demo, new_context):
    page = new_context(java_script_enabled=False).new_page()

    page.goto(demo + "/")
    search_box = page.get_by_role("searchbox", name="Hae sivustolta")
    search_box.fill("foorumi")
    page.locator("header").get_by_role("button", name="Hae").click()
    expect(page).to_have_url(re.compile(r"/haku/\?q="))
    expect(page.locator("ol.search-results").get_by_role("link").first).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/haku/\?q=foorumi"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
