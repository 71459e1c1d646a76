// Dashboard charts of honours: the data comes from the page through json_script (the content
// security policy allows no inline script).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("honour-chart-data");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new Chart(document.getElementById("honours-by-year"), {
      type: "bar",
      data: data.byYear,
      options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    });
    new Chart(document.getElementById("honours-by-honour"), {
      type: "bar",
      data: data.byHonour,
      options: { responsive: true, indexAxis: "y", scales: { x: { beginAtZero: true } } },
    });
    document.body.dataset.chartsDrawn = "yes";
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
