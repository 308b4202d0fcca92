"""The shared moderation building blocks: plain-text rendering, reports, decisions, limits."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import ModelLogEntry

from accounts.models import User
from core import moderation
from core.models import ModerationRule, ModerationState, ReportReason
from core.ratelimit import RateLimited, enforce_rate_limit
from core.text import render_plain_text
from tests import factories


def test_visitor_text_is_escaped_and_keeps_its_line_breaks():
    html = render_plain_text("Hei <b>kaikki</b>\nToinen rivi\n\nUusi kappale")
    assert html == "<p>Hei &lt;b&gt;kaikki&lt;/b&gt;<br>Toinen rivi</p>\n\n<p>Uusi kappale</p>"


def test_web_addresses_become_links_that_pass_no_reputation():
    html = render_plain_text("Katso https://kunta.example/tilat?a=1&b=2 ja www.example.fi.")
    assert (
        '<a href="https://kunta.example/tilat?a=1&amp;b=2" rel="nofollow ugc">'
        "https://kunta.example/tilat?a=1&amp;b=2</a>" in html
    )
    assert '<a href="http://www.example.fi" rel="nofollow ugc">www.example.fi</a>.' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        'http://x.example/"onmouseover="alert(1)',
    ],
)
def test_no_markup_from_the_visitor_survives(payload):
    html = render_plain_text(payload)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert '" onmouseover' not in html
    assert 'onmouseover="' not in html


def test_moderation_rule_decides_where_a_new_text_starts():
    assert moderation.initial_state(ModerationRule.AFTER) == ModerationState.PUBLISHED
    assert moderation.initial_state(ModerationRule.BEFORE) == ModerationState.PENDING


@pytest.fixture
def idea(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page)
    return factories.IdeaFactory(wall=wall)


def participant(number):
    return User.objects.create_user(email=f"osallistuja{number}@example.fi", password="x")


@pytest.mark.django_db
def test_three_reports_from_different_people_hold_a_text(idea):
    for number in range(2):
        moderation.report(idea, participant(number), ReportReason.SPAM)
    idea.refresh_from_db()
    assert idea.is_visible
    moderation.report(idea, participant(3), ReportReason.OFFENSIVE)
    idea.refresh_from_db()
    assert idea.held_by_reports
    assert not idea.is_visible


@pytest.mark.django_db
def test_the_same_person_reports_once(idea):
    reporter = participant(1)
    moderation.report(idea, reporter, ReportReason.SPAM)
    with pytest.raises(moderation.AlreadyReported):
        moderation.report(idea, reporter, ReportReason.OFF_TOPIC)


@pytest.mark.django_db
def test_moderator_decision_is_logged_and_clears_the_reports(idea, editor):
    for number in range(3):
        moderation.report(idea, participant(number), ReportReason.SPAM)
    moderation.approve(idea, editor)
    idea.refresh_from_db()
    assert idea.is_visible
    assert moderation.open_reports(idea).count() == 0
    moderation.hide(idea, editor, "Mainos")
    idea.refresh_from_db()
    assert idea.state == ModerationState.HIDDEN
    assert idea.hidden_reason == "Mainos"
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(idea.pk)).values_list("action", "user")
    )
    assert (moderation.APPROVE_ACTION, editor.pk) in actions
    assert (moderation.HIDE_ACTION, editor.pk) in actions


@pytest.mark.django_db
def test_rate_limit_counts_each_participant(settings, editor):
    cache.clear()
    settings.YHDESSA_RATE_LIMITS = {"vote": {"per_user": "2/m", "per_ip": "100/m"}}
    request = RequestFactory().post("/")
    request.user = editor
    enforce_rate_limit(request, "vote")
    enforce_rate_limit(request, "vote")
    with pytest.raises(RateLimited):
        enforce_rate_limit(request, "vote")
