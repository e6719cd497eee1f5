// Helpers the manager pages share: errors shown at the field they are about, and fresh copies of a page.
"use strict";

const managerForms = (() => {
  let nextId = 0;

  function idOf(element) {
    if (!element.id) element.id = `field-${++nextId}`;
    return element.id;
  }

  /** Mark a control invalid and say why right under it; screen readers read the note with the field. */
  function showFieldError(control, message) {
    const noteId = `${idOf(control)}-error`;
    let note = document.getElementById(noteId);
    if (!note) {
      note = document.createElement("span");
      note.id = noteId;
      note.className = "field-error";
      control.after(note);
    }
    note.textContent = message;
    control.setAttribute("aria-invalid", "true");
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(noteId)) control.setAttribute("aria-describedby", [...described, noteId].join(" "));
  }

  function clearFieldError(control) {
    const noteId = control.id ? `${control.id}-error` : null;
    const note = noteId && document.getElementById(noteId);
    if (note) note.remove();
    control.removeAttribute("aria-invalid");
    const rest = (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== noteId);
    if (rest.length) control.setAttribute("aria-describedby", rest.join(" "));
    else control.removeAttribute("aria-describedby");
  }

  function clearFormErrors(form) {
    for (const control of form.querySelectorAll("[aria-invalid=true]")) clearFieldError(control);
  }

  /** What is wrong with a text field before anything is sent, in plain words; null when nothing is. */
  function textProblem(control) {
    const value = control.value;
    if (control.required && !value.trim()) {
      return value ? "Write some words here; spaces alone don't count." : "Fill this in.";
    }
    const limit = Number(control.getAttribute("maxlength"));
    if (limit && value.length > limit) return `Keep this under ${limit} characters (it has ${value.length}).`;
    return null;
  }

  /** Check every text field of a form; show each problem at its field and focus the first. */
  function checkTextFields(form) {
    clearFormErrors(form);
    let first = null;
    for (const control of form.querySelectorAll("input[type=text], textarea")) {
      const problem = textProblem(control);
      if (problem) {
        showFieldError(control, problem);
        first = first || control;
      }
    }
    if (first) first.focus();
    return first === null;
  }

  /**
   * Split an API error message into the field it names and what is wrong, in plain words.
   * The API writes "field.path: what is wrong", several joined by "; " (a "; " inside one
   * message is not followed by another field's name).
   */
  function fieldProblems(message) {
    return message.split(/; (?=[A-Za-z_][\w.]*: )/).map((part) => {
      const found = /^([A-Za-z_][\w.]*): (.+)$/s.exec(part);
      if (!found) return { path: null, field: null, text: plainWords(part) };
      const path = found[1];
      return { path, field: path.split(".").pop(), text: plainWords(found[2]) };
    });
  }

  function plainWords(text) {
    const rewrites = [
      [/^must contain some text, not only whitespace$/, "Write some words here; spaces alone don't count."],
      [/^String should have at most (\d+) characters?$/, "Keep this under $1 characters."],
      [/^String should have at least 1 character$/, "Fill this in."],
      [/^Field required$/, "Fill this in."],
    ];
    for (const [pattern, plain] of rewrites) if (pattern.test(text)) return text.replace(pattern, plain);
    return text.charAt(0).toUpperCase() + text.slice(1) + (/[.?!]$/.test(text) ? "" : ".");
  }

  /**
   * Show an API error at the fields it names. `controlFor(problem)` finds the control for a
   * problem; whatever has no control goes into the form's own message line.
   */
  function showApiError(form, message, controlFor) {
    clearFormErrors(form);
    const leftover = [];
    let first = null;
    for (const problem of fieldProblems(message)) {
      const control = problem.field ? controlFor(problem) : null;
      if (control) {
        showFieldError(control, problem.text);
        first = first || control;
      } else {
        leftover.push(problem.text);
      }
    }
    formMessage(form, leftover.join(" "), true);
    if (first) first.focus();
  }

  function formMessage(form, text, isError) {
    const line = form.querySelector(".form-message");
    if (!line) return;
    line.textContent = text;
    line.classList.toggle("error", Boolean(isError && text));
  }

  async function fetchJson(path, options) {
    const response = await fetch(path, options);
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const message = data && data.error ? data.error.message : `the server answered ${response.status}; try again`;
      throw new Error(message);
    }
    return data;
  }

  /** The page at `url` as it is now, parsed, to take fresh parts from without a reload. */
  async function freshDocument(url) {
    const response = await fetch(url, { headers: { accept: "text/html" } });
    if (!response.ok) throw new Error(`could not refresh the page (${response.status})`);
    return new DOMParser().parseFromString(await response.text(), "text/html");
  }

  // A field's note goes as soon as the manager edits it.
  document.addEventListener("input", (event) => {
    if (event.target.getAttribute && event.target.getAttribute("aria-invalid") === "true") clearFieldError(event.target);
  });

  return { showFieldError, clearFieldError, clearFormErrors, checkTextFields, showApiError, formMessage,
           fetchJson, freshDocument, fieldProblems };
})();
