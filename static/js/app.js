/* Jiedao page behaviour: no inline scripts (CSP), everything wired by data attributes. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("js-autosubmit")) event.target.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Printed documents: the 打印 button opens the browser's print dialog (no inline script under the CSP).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  // Batch actions: "select all on this page" ticks every row of its form.
  document.addEventListener("change", function (event) {
    var formId = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!formId) return;
    document.querySelectorAll('input[name="ids"][form="' + formId + '"], #' + formId + ' input[name="ids"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
  // Phone cards (app.css): give each cell of a `.table-cards` table its column's label, and the first cell
  // the title's place, where the template has not written them.
  function labelCardTables(root) {
    (root || document).querySelectorAll("table.table-cards").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      var titled = table.querySelector(".cell-title") !== null;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (!cell.hasAttribute("data-label") && heads[i]) cell.setAttribute("data-label", heads[i].textContent.trim());
          if (i === 0 && !titled) cell.classList.add("cell-title");
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelCardTables(); });
  document.addEventListener("htmx:afterSwap", function (event) { labelCardTables(event.target); });
  function drawCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source || el.dataset.drawn) return;
      var chart = window.echarts.init(el);
      chart.setOption(JSON.parse(source.textContent));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSwap", drawCharts);
})();
