"""Take the README's screenshots: the home page, a meeting and the idea wall, phone and desktop.

`make screenshots` loads the demo and runs this. It serves the demo database with
`manage.py runserver` on a free loopback port, drives Debian's Chromium through
Playwright (no browser download) and writes PNGs beside this file: full pages at
375 px wide, the first 1280×900 of a desktop. The PNGs are reduced to 256 colours,
which keeps them a fraction of the size and looks the same for flat colours and text.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = [
    # (name, viewport, full page)
    ("375", {"width": 375, "height": 800}, True),
    ("1280", {"width": 1280, "height": 900}, False),
]


def demo_paths():
    """The pages to show, looked up in the demo database as the site serves them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from forums.models import ForumMeetingPage
    from home.models import HomePage
    from ideas.models import IdeaWallPage

    def path(page):
        if page is None:
            sys.exit("The demo is missing a page: run `make demo` first.")
        return urlsplit(page.url).path

    return {
        "home": path(HomePage.objects.live().first()),
        "meeting": path(ForumMeetingPage.objects.live().upcoming().first()),
        "idea-wall": path(IdeaWallPage.objects.live().first()),
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base, server):
    for _attempt in range(100):
        if server.poll() is not None:
            sys.exit("The server stopped before it served a page.")
        try:
            # Our own server on a loopback http:// address, never a scheme from outside.
            with urllib.request.urlopen(base + "/", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"The server did not answer at {base}.")


def optimise(png):
    from PIL import Image

    with Image.open(png) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(png, optimize=True)


def main():
    from playwright.sync_api import sync_playwright

    paths = demo_paths()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (a fixed command: this Python, manage.py)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(base, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for width, viewport, full_page in SHOTS:
                context = browser.new_context(
                    viewport=viewport, locale="fi-FI", timezone_id="Europe/Helsinki"
                )
                page = context.new_page()
                for name, path in paths.items():
                    page.goto(base + path, wait_until="networkidle")
                    target = OUTPUT / f"{name}-{width}.png"
                    page.screenshot(path=target, full_page=full_page)
                    optimise(target)
                    print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} kB")  # noqa: T201
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
