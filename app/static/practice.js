// Practice chat: starts a call, sends replies, shows coaching. All user text goes in via textContent.
"use strict";

const $ = (id) => document.getElementById(id);
const personas = JSON.parse($("personas-data").textContent);
const session = JSON.parse($("session-data").textContent); // set when practising from a manager's link
const STEP_TITLES = { acknowledge: "Acknowledge", ask: "Ask", reframe: "Reframe", next_step: "Next step" };
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

function render(data) {
  call = data;
  $("setup").hidden = true;
  $("call").hidden = false;
  const persona = personas[data.persona] || { name: "Prospect", role: "", company: "" };
  $("prospect-name").textContent = persona.name;
  $("prospect-role").textContent = `${persona.role}, ${persona.company}`;
  $("round").textContent = `Objection ${Math.max(1, data.objections_raised)} of ${data.objections_planned}`;
  const chat = $("chat");
  chat.dataset.call = data.id;
  chat.replaceChildren();
  for (const turn of data.turns) {
    const bubble = el("li", `bubble ${turn.speaker}`);
    bubble.dataset.position = turn.position;
    bubble.append(el("span", "who", turn.speaker === "rep" ? "You" : persona.name));
    bubble.append(el("p", "", turn.text));
    if (turn.score !== null) bubble.append(el("span", "score-badge", `${turn.score}`));
    if (turn.voice) bubble.append(el("span", "spoken", `spoken · ${seconds(turn.voice.latency_ms)} to start · ${seconds(turn.voice.duration_ms)} long`));
    chat.append(bubble);
  }
  chat.lastElementChild?.scrollIntoView({ block: "end" });
  const lastRep = [...data.turns].reverse().find((t) => t.speaker === "rep");
  renderCoaching(lastRep);
  const active = data.status === "active";
  $("reply-form").hidden = !active;
  renderSummary(active ? null : data);
  if (active) $("reply").focus();
}

function renderCoaching(turn) {
  const box = $("coaching");
  box.replaceChildren();
  box.hidden = !turn;
  if (!turn) return;
  const head = el("div", "coach-head");
  head.append(el("strong", "", `Your reply scored ${turn.score}/100`));
  box.append(head);
  const steps = el("ul", "steps");
  for (const [key, value] of Object.entries(turn.steps || {})) {
    const hit = value >= 0.5;
    steps.append(el("li", hit ? "step hit" : "step missed", `${hit ? "✓" : "✗"} ${STEP_TITLES[key] || key}`));
  }
  box.append(steps);
  const coaching = turn.coaching || {};
  box.append(el("p", "tip", `Tip: ${coaching.tip || ""}`));
  const details = el("ul", "feedback");
  for (const line of coaching.feedback || []) details.append(el("li", "", line));
  for (const line of Object.values((coaching.timing || {}).flags || {})) details.append(el("li", "timing-flag", line));
  box.append(details);
  if (coaching.model_rebuttal) {
    const reveal = el("button", "secondary", "Show model rebuttal");
    reveal.type = "button";
    reveal.id = "reveal";
    const model = el("div", "model-rebuttal");
    model.hidden = true;
    model.append(el("strong", "", coaching.model_rebuttal.title));
    for (const step of coaching.model_rebuttal.steps) {
      const p = el("p");
      p.append(el("em", "", `${step.title}: `), document.createTextNode(step.text));
      model.append(p);
    }
    reveal.addEventListener("click", () => { model.hidden = !model.hidden; reveal.textContent = model.hidden ? "Show model rebuttal" : "Hide model rebuttal"; });
    box.append(reveal, model);
  }
}

function renderSummary(data) {
  const box = $("summary");
  box.replaceChildren();
  box.hidden = !data;
  if (!data || !data.summary) return;
  const s = data.summary;
  const outcome = data.status === "booked" ? "Meeting booked!" : "The call ended without a next step.";
  box.append(el("h2", "", outcome));
  box.append(el("p", "overall", s.overall === null ? "No replies scored." : `Overall score: ${s.overall}/100`));
  const table = el("table");
  const header = el("tr");
  ["Objection", "Category", "Best score", "Replies"].forEach((h) => header.append(el("th", "", h)));
  table.append(header);
  for (const r of s.objections) {
    const row = el("tr");
    [r.canonical, r.category, `${r.best_score}`, `${r.replies}`].forEach((v) => row.append(el("td", "", v)));
    table.append(row);
  }
  box.append(table);
  if (s.timing) {
    const t = s.timing;
    box.append(el("p", "timing-summary", `Spoken replies: ${t.spoken_replies}. Time to start answering: ${seconds(t.mean_latency_ms)} on average, ${seconds(t.longest_latency_ms)} at the longest. Answer length: ${seconds(t.mean_duration_ms)} on average, ${seconds(t.longest_duration_ms)} at the longest.`));
  }
  if (s.strongest_step) box.append(el("p", "steps-verdict", `Strongest step: ${STEP_TITLES[s.strongest_step] || s.strongest_step}. Weakest step: ${STEP_TITLES[s.weakest_step] || s.weakest_step}.`));
  else if (Object.keys(s.step_averages).length) box.append(el("p", "steps-verdict", "Every step scored the same on average over this call."));
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
  $("call").hidden = true;
  $("setup").hidden = false;
  showError("");
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
  let categories = form.getAll("category");
  if (categories.length === 0 || categories.includes("mixed")) categories = ["mixed"];
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

async function sendReply(event) {
  event.preventDefault();
  if (sending || !call) return;
  const text = $("reply").value;
  if (!text.trim()) return showError("Type a reply first: the prospect is waiting.");
  if (text.length > 2000) return showError("That reply is over 2,000 characters; keep it to what you would say on a call.");
  sending = true;
  $("send").disabled = true;
  try {
    const path = session ? `/api/practice/${session.token}/replies` : `/api/calls/${call.id}/replies`;
    const voice = window.voiceCoach ? window.voiceCoach.takeReplyTiming() : null;
    const data = await api("POST", path, voice ? { text, voice } : { text });
    $("reply").value = "";
    showError("");
    render(data);
  } catch (error) {
    showError(error.status ? error.message : "Connection lost. Your call is saved; press Send again to retry.");
  } finally {
    sending = false;
    $("send").disabled = false;
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

$("setup-form").addEventListener("submit", startCall);
$("reply-form").addEventListener("submit", sendReply);
$("reply").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) sendReply(event);
});
resume();
