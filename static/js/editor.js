// The page editor, with JavaScript: the draft saves itself after a pause in typing and on
// leaving a field; a chosen image is kept (and shown) at once; leaving with unsaved changes
// asks first. Without JavaScript the same form works with full submits.
//
// Requests of the editor's own (saving, keeping an image) are sent from elements of their
// own, never from the form: htmx remembers the last button pressed in a form and would send
// a later request of the form's to that button's address (an "Add a block" pressed while
// typing made the next save an empty "add"). An answer that is an error, or no answer at
// all, never replaces the editor: it is told in the status line, and everything typed stays.
(() => {
  const form = document.querySelector("form[data-editor]");
  if (!form || !window.htmx) return;
  const saver = form.querySelector("[data-editor-saver]");
  const keeper = form.querySelector("[data-editor-keeper]");
  const PAUSE = 1500;
  let dirty = false; // changed since the last save began
  let stopped = false; // a conflict or a lost session: only a full submit saves now
  let saving = false; // a save by script is on its way
  let waitingSubmit = null; // a button pressed while a save was on its way
  let timer = null;

  const tell = (state, text) => {
    const status = document.getElementById("save-status");
    if (!status) return;
    status.dataset.state = state;
    status.textContent = text;
  };

  const save = () => {
    clearTimeout(timer);
    if (dirty && !stopped && !saving) {
      saving = true; // at once, so a button pressed now waits for this save (see submit)
      htmx.ajax("POST", form.dataset.saveUrl, {
        source: saver,
        target: "#save-status",
        swap: "outerHTML",
      });
    }
  };
  const soon = () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, PAUSE);
  };

  // A new page's starter line is selected when its field is entered, so that what is typed
  // replaces it (publishing refuses a page that still holds one, even with words added).
  const starters = JSON.parse(document.getElementById("starter-texts")?.textContent || "[]");
  form.addEventListener("focusin", (event) => {
    const field = event.target;
    if (field.tagName !== "TEXTAREA" || !starters.includes(field.value.trim())) return;
    field.select();
    // The click that focused it would put the cursor down instead: not this once.
    field.addEventListener("mouseup", (up) => up.preventDefault(), { once: true });
  });

  form.addEventListener("input", (event) => {
    if (event.target.type !== "file") soon();
  });
  form.addEventListener("keydown", (event) => {
    // Enter in a one-line field saves, as it would without script (the form's first button
    // is a hidden Save draft); it never presses a block's Remove or Move.
    const field = event.target;
    if (event.key !== "Enter" || field.tagName !== "INPUT" || field.list) return;
    if (["submit", "button", "checkbox", "radio", "file"].includes(field.type)) return;
    event.preventDefault();
    save();
  });
  form.addEventListener("focusout", (event) => {
    // Leaving a field for one of the form's own buttons: that press sends everything itself.
    const next = event.relatedTarget;
    if (next && next.form === form && next.type === "submit") return;
    save();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "file" && event.target.files.length) {
      // Keep the image now: the blocks come back with it stored and shown.
      htmx.ajax("POST", form.dataset.keepUrl, {
        source: keeper,
        target: "#editor-blocks",
        select: "#editor-blocks",
        swap: "outerHTML",
      });
    } else {
      soon();
    }
  });
  form.addEventListener("submit", (event) => {
    if (saving) {
      // Let the save on its way finish first, so this one carries its revision number.
      event.preventDefault();
      waitingSubmit = event.submitter || null;
      return;
    }
    clearTimeout(timer);
    dirty = false; // a full submit carries everything
  });

  form.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt !== saver) return;
    saving = true;
    dirty = false; // what is typed from now on waits for the next save
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== saver) return;
    saving = false; // answered, or failed: either way the next save may go
    const button = waitingSubmit;
    waitingSubmit = null;
    if (button !== null && button.isConnected) {
      form.requestSubmit(button);
    } else if (!event.detail.successful) {
      dirty = true; // not saved: the next change (or leaving the page) knows it
    } else if (dirty && !stopped) {
      soon();
    }
  });

  // Refused, failed or unanswered: say so where the status is read, and change nothing else.
  const failed = (event) => {
    const elt = event.detail.elt;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 401) return; // "signed-out" (below) has said what to do
    const why = status
      ? `the server answered with an error (${status})`
      : "there was no answer (is the connection down?)";
    if (elt === saver) {
      tell("failed", `Not saved: ${why}. Everything you typed is still here; it saves again after your next change, or press Save draft.`);
    } else if (elt === keeper) {
      tell("failed", `The image was not kept: ${why}. Choose it again, or press Save draft.`);
    } else {
      tell("failed", `That did not work: ${why}. Everything you typed is still here; try again, or press Save draft.`);
    }
  };
  form.addEventListener("htmx:responseError", failed);
  form.addEventListener("htmx:sendError", failed);
  form.addEventListener("htmx:timeout", failed);

  // A draft that saved itself and was refused: each reason beside its field (the fields are
  // not re-rendered, so nothing typed meanwhile is lost), gone once the field is fixed.
  const showFieldErrors = (errors) => {
    form.querySelectorAll("[data-live-error]").forEach((note) => {
      const field = document.getElementById(note.dataset.liveError);
      if (field) {
        field.classList.remove("is-invalid");
        field.removeAttribute("aria-invalid");
        const rest = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id !== note.id);
        field.setAttribute("aria-describedby", rest.join(" "));
      }
      note.remove();
    });
    Object.entries(errors).forEach(([id, message]) => {
      const field = document.getElementById(id);
      if (!field) return;
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = `${id}-live-error`;
      note.dataset.liveError = id;
      note.textContent = message;
      (field.closest(".input-group") || field).after(note);
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      field.setAttribute("aria-describedby", [note.id, ...described].join(" "));
    });
  };

  document.body.addEventListener("htmx:afterSwap", (event) => {
    const status = document.getElementById("save-status");
    if (status && event.detail.target.id === "save-status" && status.dataset.fieldErrors) {
      showFieldErrors(JSON.parse(status.dataset.fieldErrors));
    }
    if (status && event.detail.target.id === "save-status" && status.dataset.state === "stale") {
      stopped = true;
    }
    if (event.detail.target.id === "editor-blocks") {
      // The blocks came back reshaped (added, moved, removed, an image kept): focus the block
      // concerned, and save the new shape after the usual pause.
      const blocks = document.getElementById("editor-blocks");
      const target = blocks && document.getElementById(blocks.dataset.focus);
      if (target) target.focus();
      soon();
    }
  });

  document.body.addEventListener("signed-out", () => {
    stopped = true;
    tell(
      "signed-out",
      "You were signed out, so this is not saved. Press Save draft: you can sign in again, and nothing you typed is lost.",
    );
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
