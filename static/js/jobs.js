// The page of a background job: asks the job's status every two seconds and moves the progress
// bar; when the job has finished, shows the page again with its download or its failure.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) {
    return;
  }
  var bar = box.querySelector(".progress-bar");
  function show(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + " %";
    bar.parentElement.setAttribute("aria-valuenow", percent);
  }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (job) {
        show(job.percent);
        if (job.finished) {
          window.location.assign(job.page);
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  show(Number(bar.dataset.width));
  window.setTimeout(poll, 1000);
})();
