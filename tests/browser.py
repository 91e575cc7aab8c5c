"""Headless Chromium (Debian's package) driven by Playwright, for tests that look at pages."""

from __future__ import annotations

import os
import shutil

import pytest

# A card page loads MathJax and its CHTML fonts from the installed package by file URL
# (deck.preview.phone_page): a file page may read other files.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--allow-file-access-from-files"]

# Anki desktop's reviewer (ts/reviewer/index.ts), for a page with MathJax 3 and a #qa:
# show(html) replaces #qa's content with a side, re-creates its scripts so they run,
# then MathJax typesets #qa.
REVIEWER_SHOW = """
function replaceScript(old) {
  var fresh = document.createElement("script");
  for (var i = 0; i < old.attributes.length; i++)
    fresh.setAttribute(old.attributes[i].name, old.attributes[i].value);
  fresh.appendChild(document.createTextNode(old.innerHTML));
  old.replaceWith(fresh);
}
async function show(html) {
  var qa = document.getElementById("qa");
  qa.innerHTML = html;
  for (var old of [...qa.getElementsByTagName("script")]) replaceScript(old);
  await MathJax.startup.promise;
  MathJax.typesetClear();
  await MathJax.typesetPromise([qa]);
}"""


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "needs Debian's chromium (apt-get install chromium; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
