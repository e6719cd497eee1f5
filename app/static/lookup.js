// Objection lookup: asks /api/match as the rep types (debounced) and shows the closest objection
// with its rebuttals step by step, or, with no confident match, the nearest categories to browse.
// All text goes in through textContent.
"use strict";

(() => {
  const DEBOUNCE_MS = 300;
  const MIN_CHARS = 3;
  const NEAREST = 5; // objections asked for, to name up to three nearest categories
  const box = document.getElementById("lookup");
  if (!box) return;
  const input = document.getElementById("lookup-text");
  const answer = document.getElementById("lookup-answer");
  const titles = JSON.parse(document.getElementById("lookup-categories").textContent);
  const browse = box.dataset.browse || "";
  let timer = null;
  let inFlight = null;
  let asked = "";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const titleOf = (slug) => titles[slug] || slug;

  function categoryLink(slug) {
    const link = el("a", "", titleOf(slug));
    link.href = `${browse}#${slug}`;
    return link;
  }

  function rebuttalBlock(rebuttal) {
    const block = el("article", "model-rebuttal");
    block.append(el("h4", "", rebuttal.title));
    const steps = el("ol", "rebuttal-steps");
    for (const step of rebuttal.steps) {
      const item = el("li");
      item.append(el("strong", "", step.title), el("span", "", ` ${step.text}`));
      steps.append(item);
    }
    block.append(steps);
    return block;
  }

  function showConfident(data) {
    const top = data.matches[0];
    const head = el("p", "lookup-verdict");
    head.append(el("span", "lookup-category", titleOf(top.category)), el("strong", "", top.canonical));
    const closest = el("p", "muted", `Closest line in the playbook: “${top.phrasing}” · confidence ${data.confidence.toFixed(2)}`);
    answer.replaceChildren(head, closest, el("h3", "", "Rebuttals"), ...top.rebuttals.map(rebuttalBlock));
  }

  function showNoMatch(data) {
    const slugs = [...new Set(data.matches.map((m) => m.category))].slice(0, 3);
    const head = el("p", "lookup-verdict", "No confident match: that doesn't sound like an objection in the playbook.");
    const nearest = el("p", "lookup-nearest", "Nearest categories to browse: ");
    slugs.forEach((slug, i) => nearest.append(...(i ? [", "] : []), categoryLink(slug)));
    answer.replaceChildren(head, nearest);
  }

  function showMessage(text, className = "muted") {
    answer.replaceChildren(...(text ? [el("p", className, text)] : []));
  }

  async function lookUp(text) {
    if (text === asked) return;
    asked = text;
    inFlight?.abort();
    if (text.length < MIN_CHARS) {
      inFlight = null;
      answer.removeAttribute("aria-busy");
      return showMessage("");
    }
    const request = (inFlight = new AbortController());
    answer.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/api/match", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, k: NEAREST }),
        signal: request.signal,
      });
      const data = await response.json().catch(() => null);
      if (request !== inFlight) return; // a newer lookup has taken over
      if (!response.ok) {
        asked = "";
        return showMessage(data?.error?.message || `Lookup failed (${response.status}).`, "error");
      }
      data.confident ? showConfident(data) : showNoMatch(data);
    } catch (error) {
      if (error.name === "AbortError") return;
      asked = "";
      showMessage("Lookup failed: the connection dropped. Press Enter to try again.", "error");
    } finally {
      if (request === inFlight) answer.removeAttribute("aria-busy");
    }
  }

  function now() {
    clearTimeout(timer);
    lookUp(input.value.trim());
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(now, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      now();
    }
  });
  document.getElementById("lookup-form").addEventListener("submit", (event) => {
    event.preventDefault();
    asked = ""; // Enter always asks again, e.g. after a failure
    now();
  });
})();
