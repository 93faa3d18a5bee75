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
