"""Truly concurrent requests for the tests that show stored counts stay exact.

Each participant has their own browser session; a barrier releases every request at
the same instant, so the database sees concurrent transactions (PostgreSQL only:
SQLite lets one writer in at a time).
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from accounts.models import User

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent transactions: SQLite serialises writers "
    "(CI runs these on PostgreSQL)",
)


def participant_browser(number):
    person = User.objects.create_user(
        email=f"samaan-aikaan{number}@yhdistys.example",
        password="salasana-123",
        display_name=f"Osallistuja {number}",
    )
    browser = Client()
    browser.force_login(person)
    return browser


def all_at_once(browsers, requests):
    """Each browser posts its (address, data) at the same instant; returns the statuses."""
    barrier = threading.Barrier(len(browsers))
    statuses, problems = [], []

    def send(browser, request):
        try:
            barrier.wait(timeout=30)
            response = browser.post(*request, HTTP_ACCEPT="application/json")
            statuses.append(response.status_code)
        except Exception as error:  # reported by the test, not lost in the thread
            problems.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(browsers, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert problems == []
    return statuses
