// Form engine enhancement only: every page works without this file.
// Moves focus to the error summary so screen reader users hear the problems first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
