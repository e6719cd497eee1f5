// Voice mode for the practice page: the prospect's lines are read aloud (speechSynthesis) and the
// rep answers out loud (SpeechRecognition), push-to-talk or hands-free. Typing keeps working
// throughout; practice.js asks `window.voiceCoach.takeReplyTiming()` when it sends a reply.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  const synth = window.speechSynthesis;
  const personas = JSON.parse($("personas-data").textContent);
  const session = JSON.parse($("session-data").textContent);
  const voiceRequired = Boolean(session && session.voice_required);
  const STORE = "voiceSettings";
  const saved = JSON.parse(localStorage.getItem(STORE) || "{}");
  const settings = { on: Boolean(saved.on) || voiceRequired, muted: Boolean(saved.muted),
    handsFree: Boolean(saved.handsFree), autoSend: Boolean(saved.autoSend) };
  const FEMALE = /female|woman|samantha|victoria|karen|moira|tessa|fiona|serena|zira|susan|hazel|libby|sonia|veena|heera|catherine|allison|ava|kate/i;
  const MALE = /\bmale\b|\bman\b|daniel|alex|fred|oliver|george|ryan|david|mark|james|thomas|arthur|rishi|guy|aaron|tom/i;

  let shownCall = null; // the call the chat shows; a new call starts a new count
  let spoken = null; // positions of prospect turns already spoken (null: the page has not rendered a call yet)
  let prospectDoneAt = null; // when the prospect last finished (or, muted, when the line appeared)
  let recognition = null;
  let listening = false;
  let heard = { final: "", started: null, ended: null };
  let timing = null; // the timings of the spoken text now in the reply box

  function announce(text) { $("voice-status").textContent = text; }
  function note(text) { $("voice-note").textContent = text; $("voice-note").hidden = !text; }
  function persist() { localStorage.setItem(STORE, JSON.stringify(settings)); }
  function currentPersona() {
    const card = $("prospect-name").textContent;
    return Object.values(personas).find((p) => p.name === card) || null;
  }

  function pickVoice(profile) {
    const voices = synth ? synth.getVoices() : [];
    if (!profile || !voices.length) return null;
    const byLang = voices.filter((v) => v.lang.replace("_", "-") === profile.accent);
    const sameLanguage = byLang.length ? byLang : voices.filter((v) => v.lang.startsWith(profile.accent.slice(0, 2)));
    const wanted = profile.gender === "female" ? FEMALE : MALE;
    return sameLanguage.find((v) => wanted.test(v.name)) || sameLanguage[0] || null;
  }

  function speak(text) {
    const profile = (currentPersona() || {}).voice;
    const utterance = new SpeechSynthesisUtterance(text);
    const voice = pickVoice(profile);
    if (voice) utterance.voice = voice;
    if (profile) { utterance.lang = profile.accent; utterance.rate = profile.rate; utterance.pitch = profile.pitch; }
    utterance.onstart = () => announce("Prospect speaking");
    utterance.onend = () => {
      prospectDoneAt = performance.now();
      if (!synth.speaking && !synth.pending) {
        announce(listening ? "Listening" : "Your turn");
        if (settings.handsFree && !listening && replyOpen()) listen();
      }
    };
    synth.speak(utterance);
  }

  function replyOpen() { return !$("reply-form").hidden; }

  // Reads out the prospect lines that appeared since the last render, in order.
  function onChatChanged() {
    const bubbles = [...document.querySelectorAll("#chat li.bubble.prospect[data-position]")];
    if ($("chat").dataset.call !== shownCall) { spoken = null; shownCall = $("chat").dataset.call; }
    if (spoken === null) {
      // a resumed call: only the lines since the rep's last reply are still to be heard
      const reps = [...document.querySelectorAll("#chat li.bubble.rep[data-position]")];
      const lastRep = reps.length ? Number(reps[reps.length - 1].dataset.position) : -1;
      spoken = new Set(bubbles.filter((b) => Number(b.dataset.position) < lastRep).map((b) => b.dataset.position));
    }
    const fresh = bubbles.filter((b) => !spoken.has(b.dataset.position));
    fresh.forEach((b) => spoken.add(b.dataset.position));
    if (!fresh.length) return;
    prospectDoneAt = performance.now();
    if (!settings.on) return;
    if (settings.muted || !synth) {
      if (settings.handsFree && !listening && replyOpen()) listen();
      return;
    }
    for (const bubble of fresh) speak(bubble.querySelector("p").textContent);
    if (settings.handsFree && !listening) listen(); // already listening, so the rep can cut in
  }

  function bargeIn() {
    if (synth && (synth.speaking || synth.pending)) synth.cancel();
  }

  function listen() {
    if (!Recognition || listening || !settings.on) return;
    recognition = new Recognition();
    recognition.lang = ((currentPersona() || {}).voice || {}).accent || navigator.language || "en-US";
    recognition.interimResults = true;
    recognition.continuous = !settings.handsFree; // hands-free: the browser ends it when the rep stops talking
    heard = { final: "", started: null, ended: null };
    recognition.onspeechstart = () => { heard.started ??= performance.now(); bargeIn(); };
    recognition.onresult = (event) => {
      const now = performance.now();
      heard.started ??= now;
      heard.ended = now;
      bargeIn();
      let interim = "";
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        const text = event.results[i][0].transcript;
        if (event.results[i].isFinal) heard.final += text; else interim += text;
      }
      $("voice-interim").textContent = `${heard.final}${interim}`;
      $("voice-interim").hidden = false;
    };
    recognition.onerror = (event) => {
      if (event.error === "not-allowed" || event.error === "service-not-allowed") {
        note("The microphone is blocked, so voice answers are off. Allow it in the address bar, or keep typing.");
        settings.handsFree = false;
      } else if (event.error === "no-speech") {
        announce("Didn't catch that. Try again, or type your reply.");
      }
    };
    recognition.onend = finish;
    recognition.start();
    listening = true;
    $("voice-mic").setAttribute("aria-pressed", "true");
    announce("Listening");
  }

  function stopListening() {
    if (recognition && listening) recognition.stop();
  }

  function finish() {
    listening = false;
    $("voice-mic").setAttribute("aria-pressed", "false");
    $("voice-interim").hidden = true;
    const text = heard.final.trim();
    if (!text) { announce(settings.muted ? "Muted" : "Your turn"); return; }
    const box = $("reply");
    box.value = box.value.trim() ? `${box.value.trim()} ${text}` : text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const started = heard.started ?? performance.now();
    timing = {
      latency_ms: Math.max(0, Math.round(started - (prospectDoneAt ?? started))),
      duration_ms: Math.max(0, Math.round((heard.ended ?? started) - started)),
    };
    announce("Heard you. Send it, or edit it first.");
    if (settings.autoSend) $("reply-form").requestSubmit();
    else box.focus();
  }

  function typingTarget(node) {
    return node && (node.tagName === "TEXTAREA" || node.tagName === "INPUT" || node.tagName === "SELECT" || node.isContentEditable);
  }

  function render() {
    $("voice-mode").checked = settings.on;
    $("voice-mode").disabled = voiceRequired;
    $("voice-mute").hidden = !settings.on || !synth;
    $("voice-mute").setAttribute("aria-pressed", String(settings.muted));
    $("voice-mute").textContent = settings.muted ? "Unmute prospect" : "Mute prospect";
    for (const id of ["voice-mic", "voice-handsfree-label", "voice-autosend-label"]) $(id).hidden = !settings.on || !Recognition;
    $("voice-handsfree").checked = settings.handsFree;
    $("voice-autosend").checked = settings.autoSend;
    if (settings.on && !Recognition) {
      note(voiceRequired
        ? "This session asks for spoken answers, and this browser cannot turn speech into text: open the link in Chrome, Edge or Safari."
        : "This browser cannot turn speech into text, so answer by typing; the prospect can still speak.");
    } else if (!$("voice-note").textContent.startsWith("The microphone")) {
      note("");
    }
  }

  $("voice-mode").addEventListener("change", () => {
    settings.on = $("voice-mode").checked;
    if (!settings.on) { bargeIn(); stopListening(); }
    persist(); render();
    announce(settings.on ? "Voice mode on" : "Voice mode off");
  });
  $("voice-mute").addEventListener("click", () => {
    settings.muted = !settings.muted;
    if (settings.muted) bargeIn();
    persist(); render();
    announce(settings.muted ? "Muted" : "Prospect unmuted");
  });
  $("voice-handsfree").addEventListener("change", () => {
    settings.handsFree = $("voice-handsfree").checked; persist();
    if (settings.handsFree && replyOpen()) listen(); else stopListening();
  });
  $("voice-autosend").addEventListener("change", () => { settings.autoSend = $("voice-autosend").checked; persist(); });

  // push-to-talk: hold the mic button (pointer, or Space/Enter on it), or hold Space anywhere but a text field
  const mic = $("voice-mic");
  mic.addEventListener("pointerdown", (event) => { event.preventDefault(); bargeIn(); listen(); });
  mic.addEventListener("pointerup", stopListening);
  mic.addEventListener("pointerleave", () => { if (listening && !settings.handsFree) stopListening(); });
  mic.addEventListener("click", (event) => event.preventDefault());
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" && !(event.key === "Enter" && event.target === mic)) return;
    if (!settings.on || !Recognition || $("call").hidden || !replyOpen()) return;
    if (typingTarget(event.target) || (event.target.tagName === "BUTTON" && event.target !== mic)) return;
    event.preventDefault();
    if (!event.repeat) { bargeIn(); listen(); }
  });
  document.addEventListener("keyup", (event) => {
    if ((event.code === "Space" || event.key === "Enter") && listening && !settings.handsFree) {
      event.preventDefault();
      stopListening();
    }
  });

  // the typed text is no longer what was spoken once the box is emptied
  $("reply").addEventListener("input", () => { if (!$("reply").value.trim()) timing = null; });

  new MutationObserver(onChatChanged).observe($("chat"), { childList: true });
  render();

  window.voiceCoach = {
    // The timings of a spoken reply (or null for a typed one); each reply takes them once.
    takeReplyTiming() { const taken = timing; timing = null; return taken; },
  };
})();
