// Selecting words in a policy section fills in that section's "passage you mean" field.
// Without JavaScript people paste the passage instead; the server checks it either way.
document.addEventListener("mouseup", () => {
  const selection = window.getSelection();
  const text = selection ? selection.toString().trim() : "";
  if (!text || !selection.anchorNode) return;
  const body = selection.anchorNode.parentElement && selection.anchorNode.parentElement.closest(".policy-section-body");
  if (!body) return;
  const key = body.dataset.section;
  const field = document.getElementById(`id_${key}-quote`);
  if (!field) return;
  field.value = text;
  const details = field.closest("details");
  if (details) details.open = true;
  field.dispatchEvent(new Event("input"));
});
