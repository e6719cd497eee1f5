// Playbook editor: saves edits with the file version it was loaded with, previews matches.
"use strict";

const editor = document.getElementById("editor");
const statusLine = document.getElementById("status");

function say(message, isError) {
  statusLine.textContent = message;
  statusLine.className = isError ? "error" : "";
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data && data.error ? data.error.message : `request failed (${response.status})`);
  return data;
}

function edit(objectionId, change) {
  return { slug: editor.dataset.slug, version: editor.dataset.version, objection_id: objectionId, ...change };
}

function rebuttalFrom(form) {
  const data = new FormData(form);
  const steps = {};
  for (const area of form.querySelectorAll("textarea")) steps[area.name] = area.value;
  return { id: form.dataset.rebuttal || null, title: data.get("title"), steps };
}

async function save(objectionId, change) {
  try {
    const result = await post("/api/admin/edits", edit(objectionId, change));
    editor.dataset.version = result.version;
    say(result.reloaded ? "Saved and live." : `Saved, but the library did not reload: ${result.error}`, !result.reloaded);
    return true;
  } catch (error) {
    say(error.message, true);
    return false;
  }
}

for (const block of document.querySelectorAll(".objection")) {
  const objectionId = block.dataset.objection;
  block.querySelector(".add-phrasing").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = event.target.elements.phrasing;
    if (await save(objectionId, { phrasing: input.value })) input.value = "";
  });
  block.querySelector(".edit-phrasing").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const old = form.elements.replaces.value;
    const wording = form.elements.phrasing.value.trim();
    const change = wording ? { replaces: old, phrasing: wording } : { remove_phrasing: old };
    if (await save(objectionId, change)) location.reload();
  });
  for (const form of block.querySelectorAll(".rebuttal-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (await save(objectionId, { rebuttal: rebuttalFrom(form) }) && !form.dataset.rebuttal) location.reload();
    });
  }
  block.querySelector(".preview-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const phrasing = block.querySelector(".add-phrasing").elements.phrasing.value;
    const body = { utterance: form.elements.utterance.value };
    if (form.elements.with_phrasing.checked && phrasing.trim()) body.edit = edit(objectionId, { phrasing });
    const out = form.querySelector(".preview-result");
    try {
      const result = await post("/api/admin/preview", body);
      const top = result.matches[0];
      out.textContent = result.confident
        ? `Confident: ${result.category} (${result.confidence.toFixed(2)}), nearest "${top.phrasing}" in ${top.objection_id}`
        : `No confident match (${result.confidence.toFixed(2)}); nearest "${top.phrasing}" in ${top.objection_id}`;
    } catch (error) {
      out.textContent = error.message;
    }
  });
}

document.getElementById("reload").addEventListener("click", async () => {
  try {
    const result = await post("/api/admin/reload", {});
    say(result.reloaded ? "Reloaded from disk." : `Not reloaded, still serving the last good library: ${result.error}`, !result.reloaded);
  } catch (error) {
    say(error.message, true);
  }
});

document.getElementById("import-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const dryRun = form.elements.dry_run.checked;
  const response = await fetch(`/api/admin/import/${editor.dataset.slug}?dry_run=${dryRun}`, { method: "POST", body: new FormData(form) });
  const data = await response.json().catch(() => null);
  const out = document.getElementById("import-result");
  if (!response.ok) { out.textContent = data && data.error ? data.error.message : "import failed"; return; }
  const lines = [`${dryRun ? "Would import" : "Imported"} ${data.imported.length} row(s).`];
  for (const d of data.duplicates) lines.push(`Row ${d.row}: duplicate of "${d.existing}" (${d.similarity})`);
  for (const r of data.rejected) lines.push(`Row ${r.row}: rejected, ${r.reason}`);
  out.textContent = lines.join("\n");
});
