// The share kit's Copy buttons. Each names the field it copies (data-copy="<id>"); without
// script the buttons stay hidden and each text sits in a read-only field to select and copy.
// "Copied" is said in the page's live region, for screen readers, and on the button itself.
(() => {
  const status = document.getElementById("copy-status");
  const buttons = document.querySelectorAll("button[data-copy]");
  if (!status || !buttons.length) return;

  const copy = async (field) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(field.value);
      return;
    }
    // Plain http (a demo on another machine): the selection, copied the old way.
    field.focus();
    field.select();
    if (!document.execCommand("copy")) throw new Error("copy refused");
  };

  const say = (words) => {
    // Emptied first, so that the same words twice are announced twice.
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = words;
    }, 50);
  };

  for (const button of buttons) {
    const label = button.firstChild.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      if (!field) return;
      try {
        await copy(field);
        button.firstChild.textContent = "Copied";
        say("Copied");
        window.setTimeout(() => {
          button.firstChild.textContent = label;
        }, 2000);
      } catch {
        field.focus();
        field.select();
        say("Copying did not work: the text is selected, so copy it with your keyboard or menu.");
      }
    });
  }
})();
