// Passkeys (WebAuthn) need the browser API: show passkey buttons only where it exists,
// and show a visible, translated error when allauth reports a failed ceremony.
(function () {
  "use strict";
  function ready() {
    var supported = typeof window.PublicKeyCredential === "function";
    document.querySelectorAll("[data-webauthn-only]").forEach(function (element) {
      element.hidden = !supported;
    });
    document.addEventListener("allauth.error", function (event) {
      event.preventDefault();
      document.querySelectorAll("[data-webauthn-error]").forEach(function (element) {
        element.hidden = false;
        element.setAttribute("tabindex", "-1");
        element.focus();
      });
    });
  }
  document.addEventListener("DOMContentLoaded", ready);
})();
