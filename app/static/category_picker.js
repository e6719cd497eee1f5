// Objection pickers on the practice page and the sessions form: "Mixed" and single categories
// exclude each other, and something is always chosen.
"use strict";

function chosenCategories(formData) {
  const singles = formData.getAll("category").filter((c) => c !== "mixed");
  return singles.length ? singles : ["mixed"];
}

for (const mixed of document.querySelectorAll('input[type="checkbox"][name="category"][value="mixed"]')) {
  const group = mixed.closest("fieldset") || mixed.form;
  const singles = [...group.querySelectorAll('input[type="checkbox"][name="category"]')].filter((i) => i !== mixed);
  const noneChosen = () => !singles.some((i) => i.checked);
  mixed.addEventListener("change", () => {
    if (mixed.checked) singles.forEach((i) => { i.checked = false; });
    else if (noneChosen()) mixed.checked = true;
  });
  for (const single of singles) {
    single.addEventListener("change", () => {
      if (single.checked) mixed.checked = false;
      else if (noneChosen()) mixed.checked = true;
    });
  }
}
