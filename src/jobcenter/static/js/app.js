// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Session inactivity warning: shows a dialog shortly before the server-side timeout.
  function setupSessionWarning() {
    var body = document.body;
    var timeout = parseInt(body.dataset.sessionTimeout || "0", 10);
    var warning = parseInt(body.dataset.sessionWarning || "0", 10);
    var dialog = document.getElementById("session-timeout-dialog");
    if (!timeout || !dialog || typeof dialog.showModal !== "function") { return; }
    var warnTimer, expireTimer;
    function schedule() {
      clearTimeout(warnTimer); clearTimeout(expireTimer);
      warnTimer = setTimeout(function () { if (!dialog.open) { dialog.showModal(); } },
        Math.max(0, (timeout - warning) * 1000));
      expireTimer = setTimeout(function () { window.location.reload(); }, timeout * 1000 + 2000);
    }
    function csrfToken() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    var button = dialog.querySelector("[data-session-keepalive]");
    button.addEventListener("click", function () {
      fetch(body.dataset.keepaliveUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        if (response.ok) { dialog.close(); schedule(); } else { window.location.reload(); }
      });
    });
    schedule();
  }

  document.addEventListener("DOMContentLoaded", setupSessionWarning);
})();
