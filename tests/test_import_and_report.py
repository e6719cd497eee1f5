"""CSV import with its duplicate and rejection report, and the library health report."""

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

SECRET = {"X-Manager-Secret": "tiny-manager-secret"}
CSV = (
    "objection,rebuttal\n"
    "\"the cost per seat is a lot\",\"I hear you, that makes sense. What is behind that? "
    "A team like yours saved ten hours a week. Does Tuesday at ten work?\"\n"
    "your price is too high,\"Fair enough, many teams say that. What would make it worth a look? "
    "One customer cut costs by a third. Can we take fifteen minutes on Thursday?\"\n"
    "pricing feels steep honestly,We are the best.\n"
    ",missing objection\n"
)


@pytest.fixture
def client(tiny_settings, hashing_embedder):
    with TestClient(create_app(tiny_settings, embedder=hashing_embedder)) as client:
        yield client


def upload(client, csv_text, dry_run):
    return client.post(f"/api/admin/import/price?dry_run={str(dry_run).lower()}", headers=SECRET,
                       files={"file": ("pairs.csv", csv_text.encode(), "text/csv")})


def test_csv_import_reports_duplicates_and_rejected_rows(client, tiny_playbooks):
    before = (tiny_playbooks / "categories" / "price.yaml").read_text()
    dry = upload(client, CSV, dry_run=True).json()
    assert [r["row"] for r in dry["imported"]] == [2]
    assert [d["row"] for d in dry["duplicates"]] == [3] and dry["duplicates"][0]["existing"] == "your price is too high"
    reasons = {r["row"]: r["reason"] for r in dry["rejected"]}
    assert "has no" in reasons[4] and "both be filled in" in reasons[5]
    assert (tiny_playbooks / "categories" / "price.yaml").read_text() == before

    real = upload(client, CSV, dry_run=False).json()
    assert real["reloaded"] is True
    text = (tiny_playbooks / "categories" / "price.yaml").read_text()
    assert "the cost per seat is a lot" in text and "Imported: I hear you, that makes sense." in text
    match = client.post("/api/match", json={"text": "the cost per seat is a lot"}).json()
    assert match["matches"][0]["phrasing"] == "the cost per seat is a lot"


def test_csv_without_the_right_columns_is_refused(client):
    response = upload(client, "question,answer\nx,y\n", dry_run=True)
    assert response.status_code == 422 and "objection and rebuttal" in response.json()["error"]["message"]


def test_library_report_flags_misplaced_phrasings_and_thin_coverage(client, tiny_playbooks):
    busy = tiny_playbooks / "categories" / "busy.yaml"
    busy.write_text(busy.read_text().replace("      - swamped and busy\n", "      - our budget is gone, no budget\n"))
    assert client.post("/api/admin/reload", headers=SECRET).json()["reloaded"]
    report = client.get("/api/admin/report", headers=SECRET).json()
    misplaced = {m["text"]: m["nearer_category"] for m in report["misplaced"]}
    assert misplaced.get("our budget is gone, no budget") == "budget"
    assert any("budget.no_budget has 8 phrasings" in note for note in report["thin"])
    page = client.get("/admin/report", headers=SECRET)
    assert "our budget is gone, no budget" in page.text


REBUTTAL = ("\"I hear you, that makes sense and plenty of the teams I talk to every single week say the same. "
            "What is behind that? A team like yours saved ten hours a week. Does Tuesday at ten work?\"")


def test_the_import_says_where_each_row_went_and_warns_what_the_report_would_flag(client, tiny_playbooks):
    rows = ["objection,rebuttal", f"we have zero budget left for this,{REBUTTAL}",
            f"the seat price looks expensive,{REBUTTAL}", f"The seat price looks expensive!,{REBUTTAL}"]
    result = upload(client, "\n".join(rows) + "\n", dry_run=False).json()
    imported = {r["row"]: r for r in result["imported"]}
    assert sorted(imported) == [2, 3]
    assert imported[3]["objection_id"] == "price.too_expensive" and imported[3]["canonical"] == "your price is too high"
    assert imported[3]["warning"] is None
    assert imported[2]["warning"].startswith("the library report will list this phrasing as nearer another category: "
                                             "it sounds more like Budget (budget)")
    title = imported[2]["rebuttal"]
    assert title == "Imported: I hear you, that makes sense and plenty of the teams I talk…"
    assert result["duplicates"] == [{"row": 4, "text": "The seat price looks expensive!",
                                     "existing": "the seat price looks expensive (row 3 of this file)",
                                     "similarity": 1.0}]
    report = client.get("/api/admin/report", headers=SECRET).json()
    assert any(m["text"] == "we have zero budget left for this" and m["nearer_category"] == "budget"
               for m in report["misplaced"])
    from app.library.editing import PlaybookEditor

    assert result["version"] == PlaybookEditor(tiny_playbooks).version("price")  # the page's next edit fits
