// Library report: sort a table by any column, and narrow both tables by words or by category.
"use strict";

const filterBox = document.getElementById("report-filter");
const categoryBox = document.getElementById("report-category");
const tables = [...document.querySelectorAll(".report-table")];

function cellValue(row, column, numeric) {
  const cell = row.cells[column];
  return numeric ? Number(cell.dataset.value) : cell.textContent.trim().toLowerCase();
}

function sortBy(table, button) {
  const header = button.closest("th");
  const column = Number(button.dataset.column);
  const numeric = button.hasAttribute("data-numeric");
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const th of table.tHead.rows[0].cells) th.setAttribute("aria-sort", "none");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = [...body.rows].sort((a, b) => {
    const x = cellValue(a, column, numeric);
    const y = cellValue(b, column, numeric);
    const order = numeric ? x - y : x.localeCompare(y);
    return ascending ? order : -order;
  });
  body.append(...rows);
}

function applyFilters() {
  const words = filterBox.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const category = categoryBox.value;
  for (const table of tables) {
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const text = row.textContent.toLowerCase();
      const fits = words.every((w) => text.includes(w))
        && (!category || row.dataset.categories.split(" ").includes(category));
      row.hidden = !fits;
      if (fits) shown += 1;
    }
    const count = document.querySelector(`.filter-count[data-for="${table.id}"]`);
    const total = table.tBodies[0].rows.length;
    count.textContent = shown === total ? "" : `Showing ${shown} of ${total}.`;
  }
}

for (const table of tables) {
  table.tHead.addEventListener("click", (event) => {
    const button = event.target.closest("button.sort");
    if (button) sortBy(table, button);
  });
}
filterBox.addEventListener("input", applyFilters);
categoryBox.addEventListener("change", applyFilters);
document.getElementById("report-filters").addEventListener("submit", (event) => event.preventDefault());
applyFilters();  // a browser that kept the boxes' values on going back
