// Move focus to the error summary so keyboard and screen reader users hear it first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
