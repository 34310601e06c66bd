/* Keep a job's page up to date while the job runs: poll its small JSON view (data-job-status) and
   write the state, progress, error and results into the page. Without this script the page still
   shows everything as it was when loaded, with a Refresh button. */
(function () {
  "use strict";

  var INTERVAL = 1000;
  var root = document.querySelector("[data-job-status]");
  if (!root || root.getAttribute("data-job-active") !== "true" || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-job-status");

  function field(name, text) {
    var element = root.querySelector('[data-job-field="' + name + '"]');
    if (element && element.textContent !== String(text)) {
      element.textContent = text;
    }
  }

  function part(name, shown) {
    var element = root.querySelector('[data-job-part="' + name + '"]');
    if (element) {
      element.hidden = !shown;
    }
  }

  function links(items) {
    var list = root.querySelector("[data-job-links]");
    list.textContent = "";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var anchor = document.createElement("a");
      anchor.href = item.url;
      anchor.setAttribute("download", "");
      anchor.textContent = item.label;
      entry.appendChild(anchor);
      list.appendChild(entry);
    });
  }

  function show(job) {
    var tag = root.querySelector('[data-job-field="state_label"]');
    tag.className = "tag " + job.state_class;
    ["state_label", "summary", "progress_label", "error", "attempts"].forEach(function (name) {
      field(name, job[name]);
    });
    field("started", job.started || "not yet");
    field("finished", job.finished || "not yet");
    var bar = root.querySelector("progress");
    bar.max = job.total || 1;
    bar.value = job.total ? job.done : (job.active ? 0 : 1);
    bar.textContent = job.percent + "%";
    part("error", Boolean(job.error));
    if (!job.active) {
      links(job.links);
      var result = root.querySelector("[data-job-result]");
      if (job.result_url) {
        result.href = job.result_url;
      }
      part("result-page", Boolean(job.result_url));
      part("results", job.links.length > 0 || Boolean(job.result_url));
      part("refresh", false);
      root.setAttribute("data-job-active", "false");
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (job.active) {
          window.setTimeout(poll, INTERVAL);
        }
      })
      .catch(function () {
        // A lost connection or a restarting server: try again a little later.
        window.setTimeout(poll, INTERVAL * 5);
      });
  }

  window.setTimeout(poll, INTERVAL);
})();
