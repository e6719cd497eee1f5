// Manager's sessions page: create a session and show its two links; revoke a session.
"use strict";

const form = document.getElementById("session-form");
const errorLine = document.getElementById("session-error");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  let categories = data.getAll("category");
  if (categories.length === 0 || categories.includes("mixed")) categories = ["mixed"];
  const expires = data.get("expires_at");
  const body = {
    title: data.get("title"), rep_name: data.get("rep_name"), categories, persona: data.get("persona"),
    difficulty: data.get("difficulty"), objections: Number(data.get("objections")),
    expires_at: expires ? new Date(expires).toISOString() : null,
    voice_required: data.get("voice_required") === "on",
  };
  const response = await fetch("/api/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const result = await response.json().catch(() => null);
  if (!response.ok) {
    errorLine.textContent = result && result.error ? result.error.message : "could not create the session";
    errorLine.hidden = false;
    return;
  }
  errorLine.hidden = true;
  for (const [id, url] of [["practice-link", result.practice_url], ["review-link", result.review_url]]) {
    const link = document.getElementById(id);
    link.href = url;
    link.textContent = url;
  }
  document.getElementById("links").hidden = false;
});

for (const button of document.querySelectorAll(".revoke")) {
  button.addEventListener("click", async () => {
    const row = button.closest("tr");
    const response = await fetch(`/api/sessions/${row.dataset.session}/revoke`, { method: "POST" });
    if (response.ok) {
      row.querySelector(".status").textContent = "revoked";
      button.remove();
    }
  });
}
