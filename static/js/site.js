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

// People pickers (programme/forms/people.py): the search box is an ARIA combobox. htmx
// fills its listbox as the person types; arrow keys move through the matches, Enter or a
// click chooses one, which joins the ticked boxes the form sends. Without script the same
// box has a Find button that posts the form back with the matches to tick.
function setUpPeoplePicker(picker) {
  const box = picker.querySelector('[role="combobox"]');
  const list = picker.querySelector('[role="listbox"]');
  const chosen = picker.querySelector("[data-picker-chosen]");
  const status = picker.querySelector("[data-picker-status]");
  const multiple = picker.dataset.multiple === "true";
  picker.querySelector("[data-picker-find]").hidden = true;
  let active = -1;
  const options = () => [...list.querySelectorAll('[role="option"]')];
  const show = (open) => {
    list.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) highlight(-1);
  };
  const highlight = (index) => {
    const all = options();
    active = index;
    all.forEach((option, n) => {
      option.classList.toggle("active", n === index);
      option.setAttribute("aria-selected", n === index ? "true" : "false");
    });
    if (all[index]) {
      box.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  };
  const choose = (option) => {
    const { value, label } = option.dataset;
    chosen.querySelectorAll("input").forEach((input) => {
      if (!multiple && input.value !== value) input.closest(".form-check").remove();
    });
    let input = chosen.querySelector(`input[value="${value}"]`);
    if (!input) {
      const row = document.createElement("div");
      row.className = "form-check";
      input = document.createElement("input");
      Object.assign(input, {
        type: "checkbox",
        className: "form-check-input",
        name: picker.dataset.name,
        value,
        id: `${box.id.replace(/_q$/, "")}_${value}`,
      });
      const text = document.createElement("label");
      Object.assign(text, { className: "form-check-label", htmlFor: input.id, textContent: label });
      row.append(input, text);
      chosen.append(row);
    }
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    box.value = "";
    show(false);
    status.textContent = `${label} chosen.`;
  };
  box.addEventListener("keydown", (event) => {
    const all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      show(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + all.length) % all.length);
    } else if (event.key === "Enter") {
      event.preventDefault(); // choosing, never sending the form from the search box
      if (!list.hidden && (all[active] || all.length === 1)) choose(all[active] || all[0]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      show(false);
    }
  });
  list.addEventListener("mousedown", (event) => event.preventDefault()); // focus stays in the box
  list.addEventListener("click", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) choose(option);
  });
  box.addEventListener("blur", () => show(false));
  list.addEventListener("htmx:afterSwap", () => {
    const count = options().length;
    show(count > 0 && document.activeElement === box);
    status.textContent = count
      ? `${count} ${count === 1 ? "person" : "people"} found; use the arrow keys to choose.`
      : box.value.trim()
        ? `No one who fits matches “${box.value.trim()}”.`
        : "";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-people-picker]").forEach(setUpPeoplePicker);
});

// A link marked data-form-here ("Comment on …", "Reply") opens its form on a page of its
// own without script; with it, the form is fetched in place of the link and focus moves to
// its heading. Pages with many such links render no forms until one is asked for.
const formsComing = new WeakMap();
window.fetchFormHere = (link) => {
  if (!formsComing.has(link)) {
    const form = htmx
      .ajax("GET", link.href, { source: link, target: link, swap: "outerHTML" })
      .catch(() => null)
      .then(() => document.getElementById(link.dataset.formHere));
    formsComing.set(link, form);
  }
  return formsComing.get(link);
};
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-form-here]");
  if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  window.fetchFormHere(link).then((form) => {
    if (form) {
      form.querySelector("[tabindex='-1']")?.focus();
      return;
    }
    // No form came (the session ended, the network failed): its own page still works,
    // and asks to sign in first if need be.
    formsComing.delete(link);
    window.location.assign(link.href);
  });
});
