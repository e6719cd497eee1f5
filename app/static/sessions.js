// Manager's sessions page: create a session (it joins the list at once), copy its links, revoke it.
"use strict";

const form = document.getElementById("session-form");
const list = document.getElementById("sessions");
const expiresInput = document.getElementById("session-expires");
const listMessage = document.getElementById("list-message");
const { showFieldError, checkTextFields, showApiError, formMessage, fetchJson, freshDocument } = managerForms;

/** A share link as the rep will open it: the server leaves it relative when it has no public address. */
function absolute(url) {
  return new URL(url, location.origin).href;
}

function completeLinks(root) {
  for (const input of root.querySelectorAll(".link-text")) input.value = absolute(input.value);
}

/** `datetime-local` wants local time without a zone: "2025-05-01T09:30". */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function keepExpiryMinimumCurrent() {
  expiresInput.min = localInputValue(new Date(Date.now() + 60_000));
}

function expiryProblem() {
  if (!expiresInput.value) return null;
  const chosen = new Date(expiresInput.value);
  if (Number.isNaN(chosen.getTime())) return "Pick a date and a time, or leave this empty for links that never expire.";
  if (chosen <= new Date()) return "Pick a time in the future: links that have already expired would open nothing.";
  return null;
}

const FIELDS = { title: "session-title", rep_name: "session-rep", objections: "session-objections",
                 expires_at: "session-expires" };

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  formMessage(form, "");
  let fine = checkTextFields(form);
  const expiry = expiryProblem();
  if (expiry) {
    showFieldError(expiresInput, expiry);
    if (fine) expiresInput.focus();
    fine = false;
  }
  if (!fine) return;
  const data = new FormData(form);
  const categories = chosenCategories(data); // from category_picker.js
  const body = {
    title: data.get("title"), rep_name: data.get("rep_name"), categories, persona: data.get("persona"),
    difficulty: data.get("difficulty"), objections: Number(data.get("objections")),
    expires_at: expiresInput.value ? new Date(expiresInput.value).toISOString() : null,
    voice_required: data.get("voice_required") === "on",
  };
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const created = await fetchJson("/api/sessions", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    showLinks(created);
    await addToList(created.id);
    form.elements.title.value = "";
    formMessage(form, `Session “${body.title}” created for ${body.rep_name}.`);
  } catch (error) {
    showApiError(form, error.message, (problem) => document.getElementById(FIELDS[problem.path] || ""));
  } finally {
    button.disabled = false;
  }
});

function showLinks(created) {
  for (const [id, url] of [["practice-link", created.practice_url], ["review-link", created.review_url]]) {
    const link = document.getElementById(id);
    link.href = absolute(url);
    link.textContent = absolute(url);
  }
  document.getElementById("links").hidden = false;
}

/** Put the new session at the top of the list, rendered by the server exactly as a reload would. */
async function addToList(sessionId) {
  try {
    const fresh = await freshDocument(location.pathname);
    const item = fresh.querySelector(`.session[data-session="${sessionId}"]`);
    if (!item) return;
    const node = document.importNode(item, true);
    completeLinks(node);
    node.classList.add("just-added");
    list.prepend(node);
    document.getElementById("no-sessions").hidden = true;
  } catch (error) {
    listMessage.textContent = `The session was created; reload the page to see it in the list (${error.message}).`;
  }
}

async function copyLink(input, button) {
  let copied = false;
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      copied = true;
    }
  } catch {
    copied = false;
  }
  input.focus();
  input.select();  // shows what is copied, and lets the manager copy by hand if the browser would not
  if (!copied) copied = document.execCommand && document.execCommand("copy");
  button.textContent = copied ? "Copied" : "Press Ctrl+C";
  listMessage.textContent = copied ? "Link copied." : "The browser would not copy for us: the link is selected, press Ctrl+C (⌘C on a Mac).";
  setTimeout(() => { button.textContent = "Copy"; }, 2500);
}

async function revoke(item, button) {
  const title = item.dataset.title;
  if (!confirm(`Revoke “${title}”? Both its links stop working at once and cannot be turned back on. You can still review it here.`)) return;
  button.disabled = true;
  try {
    await fetchJson(`/api/sessions/${item.dataset.session}/revoke`, { method: "POST" });
    item.querySelector(".status").textContent = "revoked";
    const note = document.createElement("p");
    note.className = "muted links-note";
    note.textContent = "The links are revoked and open nothing; the review below stays open to you.";
    item.querySelector(".session-links").replaceChildren(note);
    button.remove();
    listMessage.textContent = `“${title}” revoked.`;
  } catch (error) {
    button.disabled = false;
    listMessage.textContent = `Not revoked: ${error.message}`;
  }
}

list.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  const item = button.closest(".session");
  if (button.classList.contains("copy")) copyLink(button.parentElement.querySelector(".link-text"), button);
  else if (button.classList.contains("revoke")) revoke(item, button);
});

completeLinks(list);
keepExpiryMinimumCurrent();
expiresInput.addEventListener("focus", keepExpiryMinimumCurrent);
