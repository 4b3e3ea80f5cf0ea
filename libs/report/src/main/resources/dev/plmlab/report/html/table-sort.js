(function () {
  "use strict";
  // Sorts every table.plmlab-table by the column whose heading is clicked (or activated by Enter or Space):
  // by the number in a cell's data-sort where it has one, else by its text; a second click reverses.
  // Cells without a number come after those with one in both directions, ties keep the page's order.
  var collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

  function number(cell) {
    var s = cell ? cell.getAttribute("data-sort") : null;
    if (s === null) {
      return null;
    }
    var v = parseFloat(s);
    return isNaN(v) ? null : v;
  }

  function sortBy(table, heading) {
    var col = Number(heading.getAttribute("data-col"));
    var dir = heading.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var headings = table.tHead.rows[0].cells;
    for (var h = 0; h < headings.length; h++) {
      headings[h].setAttribute("aria-sort", "none");
    }
    heading.setAttribute("aria-sort", dir);
    var sign = dir === "ascending" ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row) {
      var cell = row.cells[col];
      return { row: row, index: row.plmlabIndex, num: number(cell), text: cell ? cell.textContent.trim() : "" };
    });
    rows.sort(function (a, b) {
      var c;
      if (a.num !== null && b.num !== null) {
        c = a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
      } else if (a.num !== null || b.num !== null) {
        return a.num !== null ? -1 : 1;
      } else {
        c = collator.compare(a.text, b.text);
      }
      return c !== 0 ? sign * c : a.index - b.index;
    });
    rows.forEach(function (r) {
      body.appendChild(r.row);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.plmlab-table"), function (table) {
    if (!table.tHead || !table.tBodies.length) {
      return;
    }
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.plmlabIndex = i;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading) {
      heading.addEventListener("click", function () {
        sortBy(table, heading);
      });
      heading.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, heading);
        }
      });
    });
  });
})();
