// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Session timeout warning: shows a dialog shortly before the server-side timeout. The
  // server says how long the session lasts: the inactivity timeout, or less when the
  // absolute end of the sign-in comes first ("final": staying signed in is not possible).
  function setupSessionWarning() {
    var body = document.body;
    var timeout = parseInt(body.dataset.sessionTimeout || "0", 10);
    var warning = parseInt(body.dataset.sessionWarning || "0", 10);
    var dialog = document.getElementById("session-timeout-dialog");
    if (!timeout || !dialog || typeof dialog.showModal !== "function") { return; }
    var warnTimer, expireTimer;
    function schedule(seconds) {
      clearTimeout(warnTimer); clearTimeout(expireTimer);
      warnTimer = setTimeout(function () { if (!dialog.open) { dialog.showModal(); } },
        Math.max(0, (seconds - warning) * 1000));
      expireTimer = setTimeout(function () { window.location.reload(); }, seconds * 1000 + 2000);
    }
    function showFinal() {
      dialog.querySelectorAll("[data-session-text]").forEach(function (text) {
        text.hidden = text.dataset.sessionText !== "final";
      });
      dialog.querySelector("[data-session-keepalive]").hidden = true;
      dialog.querySelector("[data-session-close]").hidden = false;
    }
    function csrfToken() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    dialog.querySelector("[data-session-keepalive]").addEventListener("click", function () {
      fetch(body.dataset.keepaliveUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { window.location.reload(); return; }
        return response.json().then(function (data) {
          dialog.close();
          if (data.final) { showFinal(); }
          schedule(data.seconds_left || timeout);
        });
      });
    });
    dialog.querySelector("[data-session-close]").addEventListener("click", function () {
      dialog.close();
    });
    schedule(timeout);
  }

  document.addEventListener("DOMContentLoaded", setupSessionWarning);

  // After a submit, move the focus to what the answer is about, so that a screen reader
  // reads it and the keyboard continues there: the error summary of a form with errors,
  // otherwise the element the URL's fragment names (e.g. the Rechner's "#antwort") or the
  // first element in it that takes focus programmatically (its heading, tabindex="-1").
  function focusLandingTarget() {
    var target = document.getElementById("error-summary");
    if (!target && window.location.hash.length > 1) {
      var named = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (named) {
        target = named.matches("[tabindex], a[href], button, input, select, textarea")
          ? named : named.querySelector("[tabindex='-1']");
      }
    }
    if (target && typeof target.focus === "function") { target.focus(); }
  }
  // on "load": after the browser has scrolled to the fragment (which would not move the focus)
  window.addEventListener("load", focusLandingTarget);

  // The navigation's "Mehr" disclosure works without this; with it, it closes like a menu:
  // on Escape (the focus returns to its summary) and on a click or focus elsewhere.
  function setupNavDisclosure() {
    var disclosure = document.querySelector(".jc-nav__disclosure");
    if (!disclosure) { return; }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && disclosure.open) {
        disclosure.open = false;
        disclosure.querySelector("summary").focus();
      }
    });
    ["click", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (disclosure.open && !disclosure.contains(event.target)) { disclosure.open = false; }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", setupNavDisclosure);
})();
