// Move focus to the error summary so keyboard and screen reader users hear it first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// The header's section menus are native disclosures (they work without script); with it,
// opening one closes the others, and Escape or a click elsewhere closes it.
document.addEventListener("DOMContentLoaded", () => {
  const menus = [...document.querySelectorAll("details.vth-menu")];
  menus.forEach((menu) =>
    menu.addEventListener("toggle", () => {
      if (menu.open) menus.filter((m) => m !== menu).forEach((m) => (m.open = false));
    }),
  );
  document.addEventListener("click", (event) => {
    menus.filter((m) => m.open && !m.contains(event.target)).forEach((m) => (m.open = false));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = menus.find((m) => m.open);
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
});
