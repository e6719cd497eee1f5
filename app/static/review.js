// Review page: coaches comment on a rep's reply; the comment is saved, then shown under it.
"use strict";

const { comments_url: commentsUrl } = JSON.parse(document.getElementById("review-data").textContent);

for (const form of document.querySelectorAll(".comment-form")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.elements.text;
    const body = { call_id: form.dataset.call, position: Number(form.dataset.position), text: input.value };
    const response = await fetch(commentsUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await response.json().catch(() => null);
    if (!response.ok) { input.setCustomValidity(data && data.error ? data.error.message : "not saved"); input.reportValidity(); return; }
    input.setCustomValidity("");
    const note = document.createElement("p");
    note.className = "comment";
    const author = document.createElement("strong");
    author.textContent = data.author;
    const role = document.createElement("span");
    role.className = "muted";
    role.textContent = `(${data.role})`;
    note.append(author, " ", role, `: ${data.text}`);
    form.closest(".comment-box").before(note);
    input.value = "";
  });
}
