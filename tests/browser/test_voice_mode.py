"""Voice mode in Chromium. Headless Chromium has no voices and no microphone, so the page gets
stand-ins for `speechSynthesis` and `SpeechRecognition` that follow the browser interfaces
(utterances with onstart/onend, recognition events with results) and record what they were asked."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.servers import tiny_library_server

pytestmark = pytest.mark.browser
SECRET = "voice-test-manager-secret"

FAKE_SPEECH = """
window.__spoken = []; window.__cancelled = 0; window.__speechMs = 200;
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.rate = 1; this.pitch = 1; this.lang = ""; this.voice = null; }
};
const queue = [];
const synth = {
  speaking: false, pending: false, current: null, timer: null,
  getVoices() {
    return [{ name: "Fake Daniel", lang: "en-GB" }, { name: "Fake Serena Female", lang: "en-GB" },
            { name: "Fake Samantha", lang: "en-US" }];
  },
  speak(u) {
    window.__spoken.push({ text: u.text, rate: u.rate, pitch: u.pitch, lang: u.lang, voice: u.voice && u.voice.name });
    queue.push(u); this.pending = this.speaking; if (!this.speaking) this.next();
  },
  next() {
    const u = queue.shift();
    if (!u) { this.speaking = false; this.pending = false; return; }
    this.speaking = true; this.pending = queue.length > 0; this.current = u;
    if (u.onstart) u.onstart();
    this.timer = setTimeout(() => { this.speaking = false; if (u.onend) u.onend(); this.next(); }, window.__speechMs);
  },
  cancel() {
    clearTimeout(this.timer); queue.length = 0; this.speaking = false; this.pending = false; window.__cancelled += 1;
  },
};
Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
"""

FAKE_RECOGNITION = """
window.__recognitions = 0;
window.SpeechRecognition = class {
  constructor() { window.__recognition = this; this.running = false; this.lang = ""; }
  start() { this.running = true; window.__recognitions += 1; }
  stop() { if (!this.running) return; this.running = false; setTimeout(() => this.onend && this.onend(), 0); }
  hear(text, isFinal) {
    if (this.onspeechstart && !this.spoke) { this.spoke = true; this.onspeechstart(); }
    const result = Object.assign([{ transcript: text }], { isFinal });
    this.onresult({ resultIndex: 0, results: [result] });
  }
  fail(error) { if (this.onerror) this.onerror({ error }); this.stop(); }
};
"""


@pytest.fixture(scope="module")
def voice_server(tmp_path_factory):
    """The app on the tiny library and the hashing embedder: voice mode is page plumbing, not matching."""
    with tiny_library_server(tmp_path_factory.mktemp("voice"), SECRET) as (url, _):
        yield url


def open_practice(page: Page, url: str, *, recognition: bool = True, path: str = "/") -> None:
    without = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"
    page.add_init_script(FAKE_SPEECH + (FAKE_RECOGNITION if recognition else without))
    page.goto(url + path)


OPENER = "Hi, it's Sam from Brightlane. Have you got a minute?"


def start_call(page: Page) -> None:
    """Start a call and open it: the prospect picks up, the rep's typed opener, the first objection."""
    page.select_option("#difficulty", "easy")
    page.click("#start")
    expect(page.locator("#chat .bubble.prospect")).to_have_count(1)
    page.fill("#reply", OPENER)
    page.press("#reply", "Enter")
    expect(page.locator("#chat .bubble.prospect")).to_have_count(2)
    expect(page.locator("#typing")).to_have_count(0)


def turn_voice_on(page: Page) -> None:
    page.check("#voice-mode")
    expect(page.locator("#voice-status")).to_have_text("Voice mode on")


def speak_reply(page: Page, text: str) -> None:
    """Hold Space, say `text`, let go: push-to-talk from the keyboard."""
    page.locator("#chat").click()  # focus off the text box, so Space is push-to-talk
    page.keyboard.down("Space")
    expect(page.locator("#voice-status")).to_have_text("Listening")
    page.evaluate("text => window.__recognition.hear(text.split(' ')[0], false)", text)
    expect(page.locator("#voice-interim")).to_be_visible()
    page.evaluate("text => window.__recognition.hear(text, true)", text)
    page.keyboard.up("Space")
    expect(page.locator("#reply")).to_have_value(text)


def test_each_prospect_line_is_spoken_in_order_with_the_personas_voice(page: Page, voice_server, artifacts):
    open_practice(page, voice_server)
    turn_voice_on(page)
    start_call(page)
    lines = page.locator("#chat .bubble.prospect p").all_inner_texts()
    page.wait_for_function("window.__spoken.length >= 2")
    spoken = page.evaluate("window.__spoken")
    assert [s["text"] for s in spoken] == lines
    settings = {(s["voice"], s["lang"], s["rate"], s["pitch"]) for s in spoken}
    assert settings == {("Fake Serena Female", "en-GB", 1.2, 0.9)}
    expect(page.locator("#voice-status")).to_have_text("Your turn")
    page.screenshot(path=str(artifacts / "voice-mode.png"), full_page=True)

    page.click("#voice-mute")
    expect(page.locator("#voice-status")).to_have_text("Muted")
    expect(page.locator("#voice-mute")).to_have_attribute("aria-pressed", "true")
    page.fill("#reply", "I hear you. What is behind that?")
    page.press("#reply", "Enter")
    expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(2)
    page.wait_for_timeout(400)
    assert page.evaluate("window.__spoken.length") == 2  # muted: the new line is shown, not read


def test_talking_over_the_prospect_stops_it(page: Page, voice_server):
    open_practice(page, voice_server)
    page.evaluate("window.__speechMs = 60000")  # the prospect would talk for a minute
    turn_voice_on(page)
    start_call(page)
    expect(page.locator("#voice-status")).to_have_text("Prospect speaking")
    page.locator("#chat").click()
    page.keyboard.down("Space")
    page.evaluate("window.__recognition.hear('sorry to cut in', false)")
    assert page.evaluate("window.__cancelled") >= 1
    assert page.evaluate("window.speechSynthesis.speaking") is False
    page.keyboard.up("Space")


def test_recognised_speech_fills_the_box_and_sends_with_its_timings(page: Page, voice_server, artifacts):
    open_practice(page, voice_server)
    turn_voice_on(page)
    page.select_option("#difficulty", "easy")
    page.click("#start")
    expect(page.locator("#chat .bubble.prospect")).to_have_count(1)
    speak_reply(page, OPENER)  # the opener, spoken, lands in the box for the rep to send
    page.click("#send")
    expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(1)
    expect(page.locator("#chat .bubble.rep .spoken")).to_contain_text("to start")
    expect(page.locator("#chat .bubble.prospect")).to_have_count(2)

    page.check("#voice-autosend")
    answer = "Fair enough. A team like yours saved ten hours a week. Does Tuesday at ten work?"
    page.locator("#chat").click()
    page.keyboard.down("Space")
    page.evaluate("text => window.__recognition.hear(text, true)", answer)
    page.keyboard.up("Space")
    expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(2)  # sent without touching Send
    expect(page.locator("#chat .bubble.rep:not(.sending)").nth(1)).to_contain_text("saved ten hours")
    page.screenshot(path=str(artifacts / "voice-sent.png"), full_page=True)


def test_without_recognition_the_page_says_so_and_typing_works(page: Page, voice_server):
    open_practice(page, voice_server, recognition=False)
    turn_voice_on(page)
    expect(page.locator("#voice-note")).to_contain_text("cannot turn speech into text")
    expect(page.locator("#voice-mic")).to_be_hidden()
    start_call(page)
    page.fill("#reply", "I hear you. What is behind that?")
    page.press("#reply", "Enter")
    expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(2)


def test_a_refused_microphone_is_explained_in_one_line(page: Page, voice_server):
    open_practice(page, voice_server)
    turn_voice_on(page)
    start_call(page)
    page.locator("#chat").click()
    page.keyboard.down("Space")
    page.evaluate("window.__recognition.fail('not-allowed')")
    page.keyboard.up("Space")
    expect(page.locator("#voice-note")).to_contain_text("microphone is blocked")


def test_timings_reach_the_summary_and_the_review_page(page: Page, voice_server, artifacts):
    created = httpx.post(f"{voice_server}/api/sessions", headers={"X-Manager-Secret": SECRET}, json={
        "title": "Say it out loud", "rep_name": "Sam", "persona": "tester", "difficulty": "easy",
        "objections": 1, "voice_required": True}).json()
    open_practice(page, voice_server, path=created["practice_url"])
    expect(page.locator("#voice-mode")).to_be_checked()
    expect(page.locator("#voice-mode")).to_be_disabled()
    expect(page.locator("#chat .bubble.prospect")).to_have_count(1)
    page.check("#voice-autosend")
    for _ in range(8):
        if page.locator("#summary").is_visible():
            break
        replies = page.locator("#chat .bubble.rep:not(.sending)").count()
        page.locator("#chat").click()
        page.keyboard.down("Space")
        page.evaluate("""text => window.__recognition.hear(text, true)""",
                      "I hear you, that makes sense. What is behind that? A team like yours saved ten hours a week. "
                      "Does Tuesday at ten work?")
        page.keyboard.up("Space")
        expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(replies + 1)
    expect(page.locator("#summary .timing-summary")).to_contain_text("Spoken replies:")
    page.screenshot(path=str(artifacts / "voice-summary.png"), full_page=True)
    review_url = created["review_url"]
    page.goto(review_url if review_url.startswith("http") else voice_server + review_url)
    expect(page.locator(".bubble.rep .spoken").first).to_contain_text("s to start")


def test_hands_free_listens_once_the_prospect_stops(page: Page, voice_server):
    open_practice(page, voice_server)
    turn_voice_on(page)
    page.check("#voice-handsfree")
    start_call(page)
    page.wait_for_function("window.__recognitions >= 1")  # listening while the prospect talks, for barge-in
    assert page.evaluate("window.__recognition.continuous") is False  # the browser ends it at a pause
    page.evaluate("window.__recognition.hear('what is behind that', true)")
    page.evaluate("window.__recognition.stop()")  # the end of speech the browser detects
    expect(page.locator("#reply")).to_have_value("what is behind that")
    expect(page.locator("#voice-mic")).to_have_attribute("aria-pressed", "false")
