/* Draw every Plotly figure on the page from the JSON beside it (see templates/includes/chart.html).
   The figure is built in Python; this file only hands it to Plotly, so no inline script is needed.

   Charts keep their hover labels but never change under the pointer: a drag, a scroll, a click
   or double click on the plot or its legend does nothing, so no reader can lose a series or an
   axis range by accident (and none needs a gesture that a keyboard cannot make). */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false,
    showAxisDragHandles: false,
    showAxisRangeEntryBoxes: false,
    editable: false
  };
  // Below this width (pixels) the text is smaller and the date axes carry fewer ticks.
  var NARROW = 560;

  function isAxis(key) {
    return /^[xy]axis\d*$/.test(key);
  }

  function lockInteraction(layout) {
    layout.dragmode = false;
    Object.keys(layout).forEach(function (key) {
      if (isAxis(key)) {
        layout[key] = Object.assign({}, layout[key], { fixedrange: true, automargin: true });
      }
    });
    layout.legend = Object.assign({}, layout.legend, { itemclick: false, itemdoubleclick: false });
  }

  function legendNames(figure) {
    return figure.data
      .filter(function (trace) { return trace.showlegend !== false && trace.name; })
      .map(function (trace) { return trace.name; });
  }

  // A horizontal legend goes at the foot of the figure with room made for its rows, so it can
  // never overprint an axis title however many rows it wraps onto. Plotly lays a wrapping legend
  // out in columns as wide as its longest entry.
  function placeLegend(figure, width, fontSize) {
    var layout = figure.layout;
    var legend = layout.legend || {};
    var names = legendNames(figure);
    if (layout.showlegend === false || legend.orientation !== "h" || !names.length) {
      return 0;
    }
    var longest = Math.max.apply(null, names.map(function (name) { return name.length; }));
    var title = legend.title && legend.title.text ? legend.title.text.length : 0;
    var item = 44 + 0.6 * fontSize * longest;
    var perRow = Math.max(1, Math.floor((width - 0.6 * fontSize * title - 8) / item));
    var rows = Math.ceil(names.length / perRow);
    var room = rows * (fontSize + 10) + 12;
    layout.legend = Object.assign({}, legend, {
      x: 0, xanchor: "left", xref: "container", y: 0, yanchor: "bottom", yref: "container",
      font: { size: fontSize }
    });
    var margin = Object.assign({ l: 56, r: 16, t: 16, b: 48 }, layout.margin);
    margin.b = margin.b + room;
    layout.margin = margin;
    return room;
  }

  function fitNarrow(figure) {
    var layout = figure.layout;
    layout.font = Object.assign({}, layout.font, { size: 12 });
    Object.keys(layout).forEach(function (key) {
      if (isAxis(key) && layout[key].type === "date") {
        layout[key] = Object.assign({}, layout[key], { nticks: 5, tickangle: 0 });
      }
    });
    var margin = Object.assign({ l: 56, r: 16, t: 16, b: 48 }, layout.margin);
    margin.l = Math.min(margin.l, 40);
    margin.r = Math.max(margin.r, 24);
    layout.margin = margin;
  }

  // On a narrow screen marker labels overprint; the legend and the table still name them.
  function dropMarkerText(figure) {
    figure.data.forEach(function (trace) {
      if (trace.mode) {
        trace.mode = trace.mode.replace("+text", "");
      }
    });
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var width = element.clientWidth;
    var narrow = width < NARROW;
    var meta = figure.layout.meta || {};
    if (narrow) {
      fitNarrow(figure);
    }
    if (meta.hide_text_below && width < meta.hide_text_below) {
      dropMarkerText(figure);
    }
    lockInteraction(figure.layout);
    var height = parseInt(element.getAttribute("data-height"), 10) || 360;
    height += placeLegend(figure, width, narrow ? 12 : 14);
    element.style.height = height + "px";
    figure.layout.height = height;
    window.Plotly.newPlot(element, figure.data, figure.layout, CONFIG).then(function () {
      element.setAttribute("data-drawn", "true");
    });
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();
