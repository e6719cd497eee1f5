// Practice chat: starts a call, sends replies, keeps every reply's coaching. All user text goes in via textContent.
"use strict";

const $ = (id) => document.getElementById(id);
const personas = JSON.parse($("personas-data").textContent);
const session = JSON.parse($("session-data").textContent); // set when practising from a manager's link
const STEP_TITLES = { acknowledge: "Acknowledge", ask: "Ask", reframe: "Reframe", next_step: "Next step" };
const THINKING_MS = 600; // the prospect "thinks" at least this long, so the typing indicator reads as a pause
let call = null;
let sending = false;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const message = data && data.error ? data.error.message : `request failed (${response.status})`;
    throw Object.assign(new Error(message), { status: response.status });
  }
  return data;
}

function rememberCall(id) {
  if (session) return; // the link itself brings the rep back to the call
  localStorage.setItem("practiceCall", id);
  history.replaceState(null, "", `#call=${id}`);
}

function personaOf(data) {
  return personas[data.persona] || { name: "Prospect", role: "", company: "" };
}

function roundText(data) {
  if (data.status === "booked") return "Call ended · meeting booked";
  if (data.status !== "active") {
    const by = data.summary && data.summary.ended_by;
    return by === "rep" ? "Call ended · you hung up" : "Call ended · the prospect hung up";
  }
  if (data.objections_raised === 0) return "Your turn: open the call";
  return `Objection ${data.objections_raised} of ${data.objections_planned}`;
}

function bubbleFor(speaker, text, name) {
  const bubble = el("li", `bubble ${speaker}`);
  bubble.append(el("span", "who", speaker === "rep" ? "You" : name));
  bubble.append(el("p", "", text));
  return bubble;
}

/** Scroll so `node` sits fully in view above the reply box, which stays pinned on small screens. */
function keepInView(node) {
  if (!node) return;
  const form = $("reply-form");
  const floor = form.hidden ? window.innerHeight : Math.min(window.innerHeight, form.getBoundingClientRect().top);
  const box = node.getBoundingClientRect();
  if (box.top >= 8 && box.bottom <= floor - 8) return;
  let delta = box.bottom - (floor - 8);
  if (box.top - delta < 8) delta = box.top - 8; // taller than the space: show its start
  window.scrollBy(0, delta);
}

function render(data) {
  call = data;
  $("setup").hidden = true;
  $("call").hidden = false;
  const persona = personaOf(data);
  $("prospect-name").textContent = persona.name;
  $("prospect-role").textContent = `${persona.role}, ${persona.company}`;
  $("round").textContent = roundText(data);
  const chat = $("chat");
  chat.dataset.call = data.id;
  chat.replaceChildren();
  const lastRep = [...data.turns].reverse().find((t) => t.speaker === "rep" && t.score !== null);
  for (const turn of data.turns) {
    const bubble = bubbleFor(turn.speaker, turn.text, persona.name);
    bubble.dataset.position = turn.position;
    if (turn.score !== null) bubble.append(el("span", "score-badge", `${turn.score}`));
    if (turn.voice) bubble.append(el("span", "spoken", `spoken · ${seconds(turn.voice.latency_ms)} to start · ${seconds(turn.voice.duration_ms)} long`));
    chat.append(bubble);
    if (turn.speaker === "rep" && turn.score !== null) {
      const holder = el("li", "coach-turn");
      holder.append(coachingCard(turn, turn === lastRep));
      chat.append(holder);
    }
  }
  const active = data.status === "active";
  $("reply-form").hidden = !active;
  if (!active) localStorage.removeItem(`draft:${data.id}`); // a finished call has no reply to draft
  ReplyBox.bind(active ? `draft:${data.id}` : null);
  renderSummary(active ? null : data);
  document.dispatchEvent(new CustomEvent("practice:rendered", { detail: data }));
  if (active) {
    keepInView([...chat.querySelectorAll(".bubble.prospect")].pop());
    $("reply").focus({ preventScroll: true });
  } else {
    $("summary").scrollIntoView({ block: "start" });
  }
}

// One reply's coaching, kept in the transcript under the reply: open for the latest, folded for earlier ones.
// Turns stored before quotes and points existed have only steps, feedback and tip; they render with those.
function coachingCard(turn, latest) {
  const card = el("details", "coaching");
  card.open = latest;
  if (latest) card.id = "coaching";
  const head = el("summary", "coach-head");
  head.append(el("strong", "", `Your reply scored ${turn.score}/100`));
  card.append(head);
  const coaching = turn.coaching || {};
  const quotes = coaching.quotes || {};
  const points = Object.fromEntries((coaching.points || []).map((line) => [line.key, line]));
  const steps = el("ul", "steps");
  for (const [key, value] of Object.entries(turn.steps || {})) {
    const hit = value >= 0.5;
    const item = el("li", hit ? "step hit" : "step missed");
    item.dataset.step = key;
    item.append(el("span", "step-name", `${hit ? "✓" : "✗"} ${STEP_TITLES[key] || key}`));
    if (points[key]) item.append(el("span", "step-points", ` ${points[key].points}/${points[key].out_of}`));
    if (hit && quotes[key]) item.append(el("q", "quote", quotes[key].text));
    steps.append(item);
  }
  card.append(steps);
  const flagged = (coaching.points || []).filter((line) => line.out_of === 0 && line.points < 0);
  if (flagged.length) {
    const pitfalls = el("ul", "pitfalls");
    for (const line of flagged) {
      const item = el("li", "pitfall");
      item.dataset.pitfall = line.key;
      item.append(el("span", "step-name", `⚠ ${line.label} ${line.points}`));
      if (quotes[line.key]) item.append(el("q", "quote", quotes[line.key].text));
      pitfalls.append(item);
    }
    card.append(pitfalls);
  }
  if (coaching.points) card.append(pointsTable(coaching.points, turn.score));
  card.append(el("p", "tip", `Tip: ${coaching.tip || ""}`));
  const details = el("ul", "feedback");
  for (const line of coaching.feedback || []) details.append(el("li", "", line));
  for (const line of Object.values((coaching.timing || {}).flags || {})) details.append(el("li", "timing-flag", line));
  card.append(details);
  if (coaching.model_rebuttal) card.append(...modelRebuttal(coaching.model_rebuttal, latest));
  return card;
}

function pointsTable(lines, score) {
  const table = el("table", "points");
  for (const line of lines) {
    const row = el("tr", line.points < 0 ? "lost" : "");
    row.append(el("td", "", line.label), el("td", "num", line.out_of ? `${line.points}/${line.out_of}` : `${line.points}`), el("td", "muted", line.reason));
    table.append(row);
  }
  const sum = lines.reduce((total, line) => total + line.points, 0);
  const row = el("tr", "total");
  row.append(el("td", "", "Score"), el("td", "num", `${score}`), el("td", "muted", sum === score ? "the sum of the lines above" : `the sum (${sum}) kept within 0 to 100`));
  table.append(row);
  return table;
}

function modelRebuttal(rebuttal, latest) {
  const reveal = el("button", "secondary", "Show model rebuttal");
  reveal.type = "button";
  if (latest) reveal.id = "reveal";
  const model = el("div", "model-rebuttal");
  model.hidden = true;
  model.append(el("strong", "", rebuttal.title));
  for (const step of rebuttal.steps) {
    const p = el("p");
    p.append(el("em", "", `${step.title}: `), document.createTextNode(step.text));
    model.append(p);
  }
  reveal.addEventListener("click", () => { model.hidden = !model.hidden; reveal.textContent = model.hidden ? "Show model rebuttal" : "Hide model rebuttal"; });
  return [reveal, model];
}

function renderSummary(data) {
  const box = $("summary");
  box.replaceChildren();
  box.hidden = !data;
  if (!data || !data.summary) return;
  const s = data.summary;
  const outcome = data.status === "booked" ? "Meeting booked!"
    : s.ended_by === "rep" ? "You ended the call." : "The prospect ended the call without a next step.";
  box.append(el("h2", "", outcome));
  box.append(el("p", "overall", s.overall === null ? "No replies scored." : `Overall score: ${s.overall}/100`));
  const table = el("table");
  const header = el("tr");
  ["Objection", "Category", "Best score", "Replies"].forEach((h) => header.append(el("th", "", h)));
  table.append(header);
  for (const r of s.objections) {
    const row = el("tr");
    [r.canonical, r.category_title || r.category, `${r.best_score}`, `${r.replies}`].forEach((v) => row.append(el("td", "", v)));
    table.append(row);
  }
  box.append(table);
  if (s.timing) {
    const t = s.timing;
    box.append(el("p", "timing-summary", `Spoken replies: ${t.spoken_replies}. Time to start answering: ${seconds(t.mean_latency_ms)} on average, ${seconds(t.longest_latency_ms)} at the longest. Answer length: ${seconds(t.mean_duration_ms)} on average, ${seconds(t.longest_duration_ms)} at the longest.`));
  }
  if (s.strongest_step) box.append(el("p", "steps-verdict", `Strongest step: ${STEP_TITLES[s.strongest_step] || s.strongest_step}. Weakest step: ${STEP_TITLES[s.weakest_step] || s.weakest_step}.`));
  else if (Object.keys(s.step_averages).length) box.append(el("p", "steps-verdict", "Every step scored the same on average over this call."));
  if (s.practise_next) box.append(el("p", "practise-next", s.practise_next.message));
  const again = el("button", "", "Practise again");
  again.type = "button";
  again.id = "again";
  again.addEventListener("click", session ? newAttempt : resetToSetup);
  box.append(again);
}

function resetToSetup() {
  localStorage.removeItem("practiceCall");
  history.replaceState(null, "", location.pathname);
  call = null;
  ReplyBox.bind(null);
  $("call").hidden = true;
  $("setup").hidden = false;
  showError("");
  document.dispatchEvent(new CustomEvent("practice:setup"));
}

async function newAttempt() {
  try {
    render(await api("POST", `/api/practice/${session.token}/attempts`));
  } catch (error) {
    showError(error.message);
  }
}

async function startCall(event) {
  event.preventDefault();
  const form = new FormData($("setup-form"));
  const categories = chosenCategories(form);
  try {
    const data = await api("POST", "/api/calls", { categories, difficulty: form.get("difficulty"), persona: form.get("persona") });
    rememberCall(data.id);
    showError("");
    render(data);
  } catch (error) {
    showError(error.message);
    $("error").hidden = false;
    $("call").hidden = false;
  }
}

/** The rep's line and "… is typing" appear at once; both go if the reply does not get through. */
function showThinking(text) {
  const name = personaOf(call).name;
  const mine = bubbleFor("rep", text, name);
  mine.classList.add("sending");
  const typing = el("li", "bubble prospect typing");
  typing.id = "typing";
  typing.append(el("span", "who", name), el("span", "dots", "typing"));
  typing.setAttribute("aria-label", `${name} is typing`);
  $("chat").append(mine, typing);
  keepInView(typing);
  return () => { mine.remove(); typing.remove(); };
}

async function sendReply(event) {
  event.preventDefault();
  if (sending || !call) return;
  const text = $("reply").value;
  if (!text.trim()) return showError("Type a reply first: the prospect is waiting.");
  if (ReplyBox.tooLong()) {
    return showError(`That reply is ${text.length.toLocaleString("en-US")} characters; the limit is `
      + `${ReplyBox.limit.toLocaleString("en-US")}. Cut it to what you would say on a call.`);
  }
  sending = true;
  ReplyBox.pending(true);
  showError("");
  const undo = showThinking(text);
  try {
    const path = session ? `/api/practice/${session.token}/replies` : `/api/calls/${call.id}/replies`;
    const voice = window.voiceCoach ? window.voiceCoach.takeReplyTiming() : null;
    const body = voice ? { text, voice } : { text };
    const [data] = await Promise.all([api("POST", path, body), new Promise((r) => setTimeout(r, THINKING_MS))]);
    ReplyBox.clear();
    render(data);
  } catch (error) {
    undo();
    showError(error.status ? error.message : "Connection lost. Your call is saved; press Send again to retry.");
  } finally {
    sending = false;
    ReplyBox.pending(false);
  }
}

async function resume() {
  if (session) {
    try {
      render(await api("GET", `/api/practice/${session.token}`));
    } catch (error) {
      $("call").hidden = false;
      showError(error.message);
    }
    return;
  }
  const fromHash = location.hash.match(/call=([0-9a-f]+)/);
  const id = fromHash ? fromHash[1] : localStorage.getItem("practiceCall");
  if (!id) return;
  try {
    const data = await api("GET", `/api/calls/${id}`);
    rememberCall(id);
    render(data);
  } catch (error) {
    if (error.status === 404) localStorage.removeItem("practiceCall");
  }
}

window.Practice = { current: () => call, render, api, showError, resetToSetup, newAttempt, session };

$("setup-form").addEventListener("submit", startCall);
$("reply-form").addEventListener("submit", sendReply);
$("reply").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) sendReply(event);
});
resume();
