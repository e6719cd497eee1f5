"""What a rep does on the practice page, step by step, waiting each time for the page to answer."""

from playwright.sync_api import Page, expect


def start_call(page: Page, url: str, difficulty: str = "easy", *, persona: str | None = None,
               opener: str | None = None) -> None:
    """Start a call until the prospect picks up; with an `opener`, also send it and wait for the first objection."""
    page.goto(url)
    if persona is not None:
        page.select_option("#persona", persona)
    page.select_option("#difficulty", difficulty)
    page.click("#start")
    expect(page.locator("#chat .bubble.prospect")).to_have_count(1)
    if opener is not None:
        send(page, opener)
        expect(page.locator("#chat .bubble.prospect")).to_have_count(2)


def send(page: Page, text: str) -> None:
    """Send a reply and wait until it is in the chat and the prospect has answered."""
    replies = page.locator("#chat .bubble.rep:not(.sending)").count()
    page.fill("#reply", text)
    page.press("#reply", "Enter")
    expect(page.locator("#chat .bubble.rep:not(.sending)")).to_have_count(replies + 1)
    expect(page.locator("#typing")).to_have_count(0)
