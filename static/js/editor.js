// The page editor, with JavaScript: the draft saves itself after a pause in typing and on
// leaving a field; a chosen image is kept (and shown) at once; leaving with unsaved changes
// asks first. Without JavaScript the same form works with full submits.
(() => {
  const form = document.querySelector("form[data-editor]");
  if (!form || !window.htmx) return;
  const PAUSE = 1500;
  let dirty = false; // changed since the last save began
  let stopped = false; // a conflict or a lost session: only a full submit saves now
  let saving = false; // a save by script is on its way
  let waitingSubmit = null; // a button pressed while a save was on its way
  let timer = null;

  const save = () => {
    clearTimeout(timer);
    if (dirty && !stopped && !saving) {
      saving = true; // at once, so a button pressed now waits for this save (see submit)
      form.dispatchEvent(new Event("editor-save"));
    }
  };
  const soon = () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, PAUSE);
  };

  form.addEventListener("input", (event) => {
    if (event.target.type !== "file") soon();
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
        source: form,
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
    if (event.detail.elt !== form) return;
    saving = true;
    dirty = false; // what is typed from now on waits for the next save
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    saving = false; // answered, or failed: either way the next save may go
    if (waitingSubmit !== null) {
      const button = waitingSubmit;
      waitingSubmit = null;
      form.requestSubmit(button);
    } else if (dirty) {
      soon();
    }
  });

  document.body.addEventListener("htmx:afterSwap", (event) => {
    const status = document.getElementById("save-status");
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
    const status = document.getElementById("save-status");
    if (status) {
      status.dataset.state = "signed-out";
      status.textContent =
        "You were signed out, so this is not saved. Press Save draft: you can sign in again, and nothing you typed is lost.";
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
