// The reply box: a character counter near the limit, a clear message past it (nothing is cut
// silently), a draft kept per call so a reload loses nothing, and the whole form dimmed while
// the prospect answers.
"use strict";

const ReplyBox = (() => {
  const box = document.getElementById("reply");
  const counter = document.getElementById("reply-count");
  const form = document.getElementById("reply-form");
  const limit = Number(box.dataset.limit) || 2000;
  const SHOW_FROM = 0.8; // the counter appears at 80% of the limit
  const number = (n) => n.toLocaleString("en-US");
  let draftKey = null;

  function update() {
    const length = box.value.length;
    const over = length > limit;
    counter.hidden = length < limit * SHOW_FROM;
    counter.classList.toggle("over", over);
    if (over) {
      counter.textContent = `${number(length)} / ${number(limit)} characters: ${number(length - limit)} over the limit.`;
    } else if (length === limit) {
      counter.textContent = `${number(length)} / ${number(limit)} characters: that is the limit.`;
    } else {
      counter.textContent = `${number(length)} / ${number(limit)} characters`;
    }
    box.setAttribute("aria-invalid", over ? "true" : "false");
  }

  function saveDraft() {
    if (!draftKey) return;
    if (box.value) localStorage.setItem(draftKey, box.value);
    else localStorage.removeItem(draftKey);
  }

  box.addEventListener("input", () => { update(); saveDraft(); });

  return {
    limit,
    tooLong: () => box.value.length > limit,
    /** Keep drafts under `key` (one per call); switching calls brings back that call's draft. */
    bind(key) {
      if (key === draftKey) return;
      draftKey = key;
      box.value = (key && localStorage.getItem(key)) || "";
      update();
    },
    clear() {
      box.value = "";
      saveDraft();
      update();
    },
    pending(on) {
      form.classList.toggle("pending", on);
      box.readOnly = on;
      for (const button of document.querySelectorAll("#send, #end-call, #new-call")) button.disabled = on;
    },
  };
})();
