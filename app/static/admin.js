// Playbook editor: saves edits with the file version it was loaded with, shows problems at the field,
// and after a save brings the changed parts of the page up to date without reloading it.
"use strict";

const editor = document.getElementById("editor");
const statusLine = document.getElementById("status");
const { checkTextFields, showApiError, formMessage, fetchJson, freshDocument, showFieldError, clearFormErrors } = managerForms;

function say(message, isError) {
  statusLine.textContent = message;
  statusLine.className = isError ? "error" : "";
}

function post(path, body) {
  return fetchJson(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

function edit(objectionId, change) {
  return { slug: editor.dataset.slug, version: editor.dataset.version, objection_id: objectionId, ...change };
}

function rebuttalFrom(form) {
  const steps = {};
  for (const area of form.querySelectorAll("textarea")) steps[area.name] = area.value;
  return { id: form.dataset.rebuttal || null, title: form.elements.title.value, steps };
}

/** The control an API error names, among the form's own: "rebuttal.steps.ask" is the ask box. */
function controlIn(form) {
  const aliases = { text: "phrasing", remove_phrasing: "replaces", utterance: "utterance" };
  return (problem) => {
    const name = aliases[problem.field] || problem.field;
    const control = form.elements[name];
    return control instanceof Element ? control : null;
  };
}

/** Save one change; problems go to the form's fields, success to the form's message line. */
async function save(form, objectionId, change, done) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await post("/api/admin/edits", edit(objectionId, change));
    editor.dataset.version = result.version;
    for (const other of form.closest(".objection").querySelectorAll("form")) clearFormErrors(other);  // now stale
    formMessage(form, result.reloaded ? done : `Saved, but the library did not reload: ${result.error}`, !result.reloaded);
    await refreshPage();
    return true;
  } catch (error) {
    showApiError(form, error.message, controlIn(form));
    return false;
  } finally {
    button.disabled = false;
  }
}

/** Bring counts, phrasing lists and rebuttals up to date from a fresh copy of this page,
 * leaving open sections and unsaved text as they are. */
async function refreshPage() {
  let fresh;
  try {
    fresh = await freshDocument(location.pathname + location.search);
  } catch (error) {
    say(`Saved; reload the page to see the new counts (${error.message}).`, true);
    return;
  }
  for (const id of ["library-counts", "library-problem"]) {
    const now = fresh.getElementById(id);
    if (now) document.getElementById(id).replaceChildren(...[...now.childNodes].map((n) => document.importNode(n, true)));
  }
  for (const block of editor.querySelectorAll(".objection")) {
    const newer = fresh.getElementById(block.id);
    if (newer) refreshObjection(block, newer);
  }
}

function refreshObjection(block, newer) {
  block.querySelector(".counts").textContent = newer.querySelector(".counts").textContent;
  const select = block.querySelector(".edit-phrasing select");
  const chosen = select.value;
  select.replaceChildren(...[...newer.querySelector(".edit-phrasing select").options].map((o) => document.importNode(o, true)));
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
  const shown = new Set([...block.querySelectorAll(".rebuttals .rebuttal-form")].map((f) => f.dataset.rebuttal));
  for (const form of newer.querySelectorAll(".rebuttals .rebuttal-form")) {
    if (!shown.has(form.dataset.rebuttal)) block.querySelector(".rebuttals").append(document.importNode(form, true));
  }
}

editor.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const block = form.closest(".objection");
  const objectionId = block.dataset.objection;
  formMessage(form, "");
  if (form.classList.contains("add-phrasing")) {
    if (!checkTextFields(form)) return;
    const input = form.elements.phrasing;
    if (await save(form, objectionId, { phrasing: input.value }, "Phrasing added and live.")) input.value = "";
  } else if (form.classList.contains("edit-phrasing")) {
    clearFormErrors(form);
    const old = form.elements.replaces.value;
    if (!old) { showFieldError(form.elements.replaces, "This objection has no phrasing to pick."); return; }
    const wording = form.elements.phrasing.value.trim();
    const change = wording ? { replaces: old, phrasing: wording } : { remove_phrasing: old };
    if (await save(form, objectionId, change, wording ? "Phrasing reworded and live." : "Phrasing removed.")) {
      form.elements.phrasing.value = "";
    }
  } else if (form.classList.contains("rebuttal-form")) {
    if (!checkTextFields(form)) return;
    const adding = !form.dataset.rebuttal;
    const saved = await save(form, objectionId, { rebuttal: rebuttalFrom(form) },
                             adding ? "Rebuttal added and live; it is listed above." : "Rebuttal saved and live.");
    if (saved && adding) {
      for (const control of form.querySelectorAll("input[type=text], textarea")) control.value = "";
      fitAll(form);
    }
  } else if (form.classList.contains("preview-form")) {
    await preview(form, block, objectionId);
  }
});

async function preview(form, block, objectionId) {
  if (!checkTextFields(form)) return;
  const phrasing = block.querySelector(".add-phrasing").elements.phrasing.value;
  const body = { utterance: form.elements.utterance.value };
  if (form.elements.with_phrasing.checked && phrasing.trim()) body.edit = edit(objectionId, { phrasing });
  const out = form.querySelector(".preview-result");
  out.textContent = "";
  try {
    const result = await post("/api/admin/preview", body);
    const top = result.matches[0];
    out.textContent = result.confident
      ? `Confident: ${result.category} (${result.confidence.toFixed(2)}), nearest "${top.phrasing}" in ${top.objection_id}`
      : `No confident match (${result.confidence.toFixed(2)}); nearest "${top.phrasing}" in ${top.objection_id}`;
  } catch (error) {
    showApiError(form, error.message, (problem) => (problem.field === "utterance" ? form.elements.utterance : null));
  }
}

document.getElementById("reload").addEventListener("click", async () => {
  try {
    const result = await post("/api/admin/reload", {});
    say(result.reloaded ? "Reloaded from disk." : `Not reloaded, still serving the last good library: ${result.error}`, !result.reloaded);
    await refreshPage();
  } catch (error) {
    say(error.message, true);
  }
});

// ---- CSV import

const importForm = document.getElementById("import-form");
const importResult = document.getElementById("import-result");

function line(text, className) {
  const item = document.createElement("li");
  item.textContent = text;
  if (className) item.className = className;
  return item;
}

function showImport(data, dryRun) {
  const heading = document.createElement("p");
  heading.className = "import-summary";
  const count = data.imported.length;
  heading.textContent = `${dryRun ? "Would import" : "Imported"} ${count} row${count === 1 ? "" : "s"}`
    + `; ${data.duplicates.length} duplicate${data.duplicates.length === 1 ? "" : "s"} and ${data.rejected.length} rejected.`
    + (dryRun && count ? " Untick “Dry run” and import again to save them." : "");
  const rows = document.createElement("ul");
  rows.className = "import-rows";
  for (const r of data.imported) {
    rows.append(line(`Row ${r.row}: ${dryRun ? "would go" : "went"} into “${r.canonical}” (${r.objection_id}), with the rebuttal “${r.rebuttal}”.`, "imported"));
    if (r.warning) rows.append(line(`Row ${r.row}: warning: ${r.warning}.`, "warning"));
  }
  for (const d of data.duplicates) rows.append(line(`Row ${d.row}: not imported, it says the same as “${d.existing}” (similarity ${d.similarity}).`, "skipped"));
  for (const r of data.rejected) rows.append(line(`Row ${r.row}: not imported, ${r.reason}.`, "skipped"));
  importResult.replaceChildren(heading, rows);
}

importForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearFormErrors(importForm);
  formMessage(importForm, "");
  const fileInput = importForm.elements.file;
  if (!fileInput.files.length) { showFieldError(fileInput, "Choose a CSV file first."); fileInput.focus(); return; }
  const dryRun = importForm.elements.dry_run.checked;
  const button = importForm.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const data = await fetchJson(`/api/admin/import/${editor.dataset.slug}?dry_run=${dryRun}`, { method: "POST", body: new FormData(importForm) });
    showImport(data, dryRun);
    if (!dryRun) {
      editor.dataset.version = data.version;
      if (data.error) formMessage(importForm, `Imported, but the library did not reload: ${data.error}`, true);
      await refreshPage();
    }
  } catch (error) {
    importResult.replaceChildren();
    showApiError(importForm, error.message, (problem) => (problem.field === "file" ? fileInput : null));
  } finally {
    button.disabled = false;
  }
});

// ---- text areas that fit their text, where CSS cannot do it (field-sizing)

const cssFits = window.CSS && CSS.supports("field-sizing", "content");

function fit(area) {
  if (cssFits || !area.offsetParent) return;
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight + 2}px`;
}

function fitAll(root) {
  for (const area of root.querySelectorAll("textarea")) fit(area);
}

if (!cssFits) {
  editor.addEventListener("input", (event) => { if (event.target.tagName === "TEXTAREA") fit(event.target); });
  editor.addEventListener("toggle", (event) => fitAll(event.target), true);
}

// ---- arriving from the library report: open the objection, pick the phrasing it named

function openLinkedObjection() {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target || !target.classList.contains("objection")) return;
  target.open = true;
  const phrasing = new URLSearchParams(location.search).get("phrasing");
  const select = target.querySelector(".edit-phrasing select");
  if (phrasing && [...select.options].some((o) => o.value === phrasing)) {
    select.value = phrasing;
    select.focus();
  }
  target.scrollIntoView();
}

openLinkedObjection();
window.addEventListener("hashchange", openLinkedObjection);
