/* Draw every Plotly figure on the page from the JSON beside it (see templates/includes/chart.html).
   The figure is built in Python; this file only hands it to Plotly, so no inline script is needed. */
(function () {
  "use strict";

  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var meta = figure.layout.meta || {};
    if (meta.hide_text_below && element.clientWidth < meta.hide_text_below) {
      // On a narrow screen marker labels overprint; the legend and the table still name them.
      figure.data.forEach(function (trace) {
        if (trace.mode) {
          trace.mode = trace.mode.replace("+text", "");
        }
      });
    }
    var height = parseInt(element.getAttribute("data-height"), 10);
    if (height) {
      element.style.height = height + "px";
      figure.layout.height = height;
    }
    window.Plotly.newPlot(element, figure.data, figure.layout, CONFIG).then(function () {
      element.setAttribute("data-drawn", "true");
    });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
