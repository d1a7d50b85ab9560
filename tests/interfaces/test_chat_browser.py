"""The chat page in headless Chromium (selenium + the Debian chromium/chromium-driver packages), on a fake engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.interfaces.test_chat import EN, FakeEngine, free_port

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
)

pytestmark = pytest.mark.browser


def _chromedriver() -> str | None:
    return shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)


@pytest.fixture
def browser(tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium chromium-driver)")
    driver_path = _chromedriver()
    if driver_path is None:
        pytest.skip("no chromedriver (apt-get install -y chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium not installed (pip install -e '.[dev]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    # An explicit driver path: Selenium Manager (which would go online to look for a driver) is not used.
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def chat_url(tmp_path: Path):
    from rag.chat import build_app, launch_app

    feedback = tmp_path / "feedback.jsonl"
    app = build_app(FakeEngine(), feedback_path=feedback)
    port = free_port()
    launch_app(app, "127.0.0.1", port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", feedback
    finally:
        app.close()


def test_ask_in_the_browser_shows_answer_and_highlighted_citation(browser, chat_url) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url, feedback = chat_url
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    box.send_keys(EN)
    box.send_keys(Keys.ENTER)
    # the answer, with its [1] marker as a link to the sources panel
    cite = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, '#chat a.cite[href="#src-1"]')))
    assert "[1]" in cite.text
    answer = browser.find_elements(By.CSS_SELECTOR, "#chat .message-content, #chat .message")
    assert any("271.5" in element.text for element in answer)
    # the highlighted cell of the cited table in the sources panel
    cell = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#sources #src-1 td.cited-cell")))
    assert cell.text == "271.5"
    assert browser.find_element(By.CSS_SELECTOR, "#sources #src-1 tr.cited-row").is_displayed()
    assert "Searching for:" in browser.find_element(By.CSS_SELECTOR, "#status").text
    highlight = cell.value_of_css_property("background-color")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent"), "the stylesheet did not reach the page"
    # the [1] link moves within the page to its source (no new tab)
    cite.click()
    assert len(browser.window_handles) == 1
    assert browser.execute_script("return location.hash") == "#src-1"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "chat.png"))
    # thumbs up on the answer writes a feedback line
    like = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, '#chat button[aria-label="Like"]')))
    like.click()
    wait.until(lambda _: feedback.exists() and feedback.read_text(encoding="utf-8").strip())
    line = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert line["verdict"] == "up" and line["question"] == EN


@pytest.fixture
def upload_chat(tmp_path: Path, small_seeds: Path, isolated_env, monkeypatch: pytest.MonkeyPatch):
    """The chat over a real engine on the small seeds (hashing fake embedder), ready to take uploads."""
    import rag.engine
    from rag.chat import build_app, launch_app
    from rag.settings import Settings
    from rag.text.glossary import Glossary
    from tests.fakes import HashEmbedder

    monkeypatch.setattr(rag.engine, "load_components", lambda settings: (HashEmbedder(), Glossary.load()))
    settings = Settings(seeds_dir=small_seeds, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache")
    engine = rag.engine.engine_over(rag.engine.open_retriever(settings, log=lambda message: None))
    app = build_app(engine, settings, feedback_path=tmp_path / "feedback.jsonl")
    port = free_port()
    launch_app(app, "127.0.0.1", port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


def test_upload_a_pdf_then_ask_and_see_its_page(browser, upload_chat, tmp_path: Path, small_seeds: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.ingest import samples

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report = samples.pdf_table_across_pages(inbox)
    browser.get(upload_chat)
    wait = WebDriverWait(browser, 60)
    chooser = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#upload input[type=file]")))
    chooser.send_keys(str(report))
    wait.until(lambda _: "added trade.pdf" in browser.find_element(By.CSS_SELECTOR, "#status").text)
    assert (small_seeds / "trade.pdf").read_bytes() == report.read_bytes()
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    box.send_keys("What were the exports of Region 25 in 2023?")
    box.send_keys(Keys.ENTER)
    where = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#sources #src-1 .src-where")))
    assert "trade.pdf" in browser.find_element(By.CSS_SELECTOR, "#sources #src-1").text
    assert where.text.endswith("column 2023 (page 2)")
