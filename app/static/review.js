// Review page: coaches comment on a rep's reply; the comment is saved, then shown under it.
"use strict";

const { token } = JSON.parse(document.getElementById("review-data").textContent);

for (const form of document.querySelectorAll(".comment-form")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = form.elements.text;
    const body = { call_id: form.dataset.call, position: Number(form.dataset.position), text: input.value, author: "Coach" };
    const response = await fetch(`/api/review/${token}/comments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await response.json().catch(() => null);
    if (!response.ok) { input.setCustomValidity(data && data.error ? data.error.message : "not saved"); input.reportValidity(); return; }
    input.setCustomValidity("");
    const note = document.createElement("p");
    note.className = "comment";
    const author = document.createElement("strong");
    author.textContent = `${data.author}:`;
    note.append(author, ` ${data.text}`);
    form.closest(".comment-box").before(note);
    input.value = "";
  });
}
