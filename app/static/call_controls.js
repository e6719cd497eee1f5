// Call controls: End call and New call, and the call brief (who you are calling, folded away
// once the call is under way so the chat has the room).
"use strict";

(() => {
  const endButton = document.getElementById("end-call");
  const newButton = document.getElementById("new-call");
  const brief = document.getElementById("call-brief");
  const who = document.getElementById("brief-prospect");
  const personaSelect = document.getElementById("persona");
  const personaCards = JSON.parse(document.getElementById("personas-data").textContent);
  let briefFolded = false;

  const endPath = (call) => (Practice.session ? `/api/practice/${Practice.session.token}/end` : `/api/calls/${call.id}/end`);

  function describe(id) {
    const p = personaCards[id];
    if (!who || !p) return;
    who.textContent = `Calling: ${p.name}, ${p.role} at ${p.company} (${p.industry}, ${p.company_size}).`;
  }

  async function endCall() {
    const call = Practice.current();
    if (!call || call.status !== "active") return;
    try {
      Practice.render(await Practice.api("POST", endPath(call)));
    } catch (error) {
      Practice.showError(error.status ? error.message : "Connection lost; the call is still open. Try again.");
    }
  }

  async function newCall() {
    const call = Practice.current();
    if (call && call.status === "active") {
      try {
        await Practice.api("POST", endPath(call));
      } catch (error) {
        if (Practice.session) return Practice.showError(error.message); // the attempt must end first
      }
    }
    if (Practice.session) Practice.newAttempt();
    else Practice.resetToSetup();
  }

  endButton.addEventListener("click", endCall);
  newButton.addEventListener("click", newCall);
  personaSelect?.addEventListener("change", () => describe(personaSelect.value));
  if (personaSelect) describe(personaSelect.value);

  document.addEventListener("practice:rendered", (event) => {
    const call = event.detail;
    endButton.hidden = call.status !== "active";
    describe(call.persona);
    if (brief && !briefFolded && call.status === "active") {
      brief.open = false; // once per page: the rep can open it again
      briefFolded = true;
    }
  });
  document.addEventListener("practice:setup", () => {
    if (personaSelect) describe(personaSelect.value);
    if (brief) brief.open = true;
    briefFolded = false;
  });
})();
