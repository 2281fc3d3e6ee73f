#!/usr/bin/env python3
"""Take screenshots of the Crossing portal with headless Chromium and check each page.

Usage:
    scripts/screenshots.py [BASE_URL] [OUTPUT_DIR]
    (defaults: http://127.0.0.1:8080 and screenshots/)

Start the server first (e.g. `swift run crossing serve`). Each page is loaded with fresh cookies, so
it shows the default language unless its URL says otherwise. Exits non-zero when a page has no <h1>,
when a page that should answer 200 does not (or shows the browser's own error page), or when a page
answers with a server error.

Install once (Debian):
    apt-get install -y chromium chromium-driver fonts-noto-cjk   # the fonts render the Chinese text
    pip install selenium
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMEDRIVER = "/usr/bin/chromedriver"
DESKTOP_WIDTH = 1280
NARROW_WIDTH = 375
WINDOW_HEIGHT = 1800
# Tall pages are captured whole, up to this height, so nothing below the fold is missed.
MAX_CAPTURE_HEIGHT = 8000


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # None: any non-5xx status is fine (the contract leaves the status open).
    expected_status: int | None = 200
    width: int = DESKTOP_WIDTH


PAGES = [
    Page("01-home", "/"),
    Page("02-home-en", "/?lang=en"),
    Page("03-offices", "/offices"),
    Page("04-offices-beijing-visa", "/offices?city=110100&service=foreigner.visa"),
    Page("05-office-bj-dongcheng", "/offices/bj-dongcheng"),
    Page("06-guides", "/guides"),
    Page("07-guide-passport-renewal-online", "/guides/passport.renewal-online"),
    Page("08-fees-2019-06-30", "/fees?date=2019-06-30"),
    Page("09-offices-unknown-city", "/offices?city=nowhere", expected_status=None),
    Page("10-not-found", "/no-such-page", expected_status=404),
    Page("11-home-narrow-375", "/", width=NARROW_WIDTH),
]


def http_status(url: str) -> int:
    """Status of a plain GET (WebDriver does not expose it)."""
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def make_driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        f"--window-size={DESKTOP_WIDTH},{WINDOW_HEIGHT}",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


def emulate_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        # mobile=False keeps the layout exactly `width` CSS pixels wide even without a viewport meta tag.
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def capture(driver: webdriver.Chrome, page: Page, url: str, output: Path) -> None:
    """Loads the page at the page's width and saves the whole page (up to a limit) as PNG."""
    emulate_viewport(driver, page.width, WINDOW_HEIGHT)
    driver.delete_all_cookies()
    driver.get(url)
    content_height = driver.execute_script(
        "return Math.max(document.body ? document.body.scrollHeight : 0,"
        " document.documentElement.scrollHeight)"
    )
    height = min(max(int(content_height or 0), WINDOW_HEIGHT), MAX_CAPTURE_HEIGHT)
    emulate_viewport(driver, page.width, height)
    driver.save_screenshot(str(output))


def check(driver: webdriver.Chrome, page: Page, status: int) -> list[str]:
    problems = []
    if driver.current_url.startswith("chrome-error://"):
        problems.append("the browser could not load the page")
    if page.expected_status is not None and status != page.expected_status:
        problems.append(f"expected HTTP {page.expected_status}, got {status}")
    if status >= 500:
        problems.append(f"server error {status}")
    headings = [h.text.strip() for h in driver.find_elements(By.TAG_NAME, "h1")]
    if not any(headings):
        problems.append("no <h1> with text")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8080")
    parser.add_argument("output_dir", nargs="?", default="screenshots")
    arguments = parser.parse_args()
    base_url = arguments.base_url.rstrip("/")
    output_dir = Path(arguments.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)

    try:
        http_status(base_url + "/healthz")
    except (urllib.error.URLError, OSError) as error:
        print(f"cannot reach {base_url}: {error}; is the server running?", file=sys.stderr)
        return 2

    failures = 0
    driver = make_driver()
    try:
        for page in PAGES:
            url = base_url + page.path
            output = output_dir / f"{page.name}.png"
            try:
                status = http_status(url)
                capture(driver, page, url, output)
                problems = check(driver, page, status)
                heading = next((h.text.strip() for h in driver.find_elements(By.TAG_NAME, "h1")), "")
            except (WebDriverException, urllib.error.URLError, OSError) as error:
                status, heading, problems = 0, "", [f"{type(error).__name__}: {error}".splitlines()[0]]
            verdict = "FAIL" if problems else "ok"
            print(f"{verdict:4} {status:3} {page.path:48} -> {output}  h1: {heading[:60]!r}")
            for problem in problems:
                print(f"       {problem}")
            failures += bool(problems)
    finally:
        driver.quit()

    print(f"{len(PAGES) - failures}/{len(PAGES)} pages fine; screenshots in {output_dir}/")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
