// Choosing the passage a comment is about. Selecting words in a policy section (by
// mouse, touch or keyboard: every way fires "selectionchange") fills that section's
// "passage you mean" field: the choice is kept inside the one section, widened to whole
// words, highlighted in the text and quoted in the form. The sentence list under it does
// the same from the keyboard. Without script people paste the passage or choose the
// sentence; the server checks the passage either way. The version's page holds no forms
// until one is asked for: "Comment on …" (or words selected in a section) fetches that
// section's form into place; without script the link opens it on a page of its own.
(() => {
  const WORD = /[\p{L}\p{N}'’-]/u;
  const highlights = "highlights" in CSS ? CSS.highlights : null;
  const bodies = () => [...document.querySelectorAll(".policy-section-body")];
  const fieldsFor = (body) => {
    const form = document.getElementById(`s-${body.dataset.section}`);
    return form
      ? {
          quote: form.querySelector("[data-passage-field]"),
          near: form.querySelector(`input[name="${body.dataset.section}-near"]`),
          sentence: form.querySelector("[data-sentences]"),
        }
      : {};
  };

  // Character offsets in the section's text, and back to a point in its DOM.
  const offsetOf = (body, node, offset) => {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  };
  const pointAt = (body, target) => {
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (seen + node.data.length >= target) return [node, target - seen];
      seen += node.data.length;
    }
    return [body, body.childNodes.length];
  };

  // The part of a selection inside one section, widened to whole words.
  const chosenIn = (body, range) => {
    const whole = document.createRange();
    whole.selectNodeContents(body);
    const text = body.textContent;
    const startAt = whole.comparePoint(range.startContainer, range.startOffset);
    const endAt = whole.comparePoint(range.endContainer, range.endOffset);
    let start = startAt < 0 ? 0 : offsetOf(body, range.startContainer, range.startOffset);
    let end = endAt > 0 ? text.length : offsetOf(body, range.endContainer, range.endOffset);
    while (start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start] || "")) start -= 1;
    while (end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1] || "")) end += 1;
    while (start < end && !WORD.test(text[start])) start += 1; // not from a space or a mark
    while (end > start && /\s/.test(text[end - 1])) end -= 1;
    return { start, end, passage: text.slice(start, end).replace(/\s+/g, " ").trim() };
  };

  const show = (body, start, end) => {
    if (!highlights) return;
    const range = document.createRange();
    range.setStart(...pointAt(body, start));
    range.setEnd(...pointAt(body, end));
    highlights.set("chosen-passage", new Highlight(range));
  };

  // The section's "Comment on …" link, whose form site.js fetches into place.
  const linkFor = (body) =>
    document.getElementById(`s-${body.dataset.section}`)?.querySelector("a[data-section-comment]");

  const fill = (body, chosen, fetched = false) => {
    const { start, end, passage } = chosen;
    const { quote, near, sentence } = fieldsFor(body);
    if (!quote && passage && !fetched && window.fetchFormHere && linkFor(body)) {
      window.fetchFormHere(linkFor(body)).then(() => fill(body, chosen, true));
      return;
    }
    if (!quote || !passage) return;
    quote.value = passage;
    quote.rows = Math.min(8, Math.max(2, Math.ceil(passage.length / 70)));
    if (near) near.value = start;
    if (sentence && sentence.selectedOptions[0]?.dataset.passage !== passage) sentence.value = "";
    show(body, start, end);
  };

  // Where a passage (as the form holds it) stands in the section's text.
  const find = (body, passage) => {
    const words = passage.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    if (!words[0]) return null;
    const match = new RegExp(words.join("\\s+"), "u").exec(body.textContent);
    return match ? { start: match.index, end: match.index + match[0].length, passage } : null;
  };

  let pending;
  document.addEventListener("selectionchange", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.rangeCount) return;
      const range = selection.getRangeAt(0);
      const body = bodies().find((candidate) => range.intersectsNode(candidate));
      if (body) fill(body, chosenIn(body, range));
    }, 250);
  });

  document.addEventListener("change", (event) => {
    const list = event.target.closest("[data-sentences]");
    if (!list) return;
    const body = bodies().find((b) => fieldsFor(b).sentence === list);
    const passage = list.selectedOptions[0]?.dataset.passage;
    const place = body && passage && find(body, passage);
    const { quote } = body ? fieldsFor(body) : {};
    if (place) fill(body, place);
    else if (quote && quote.value === list.dataset.chosen) {
      quote.value = ""; // the sentence chosen before, never words someone typed
      if (highlights) highlights.delete("chosen-passage");
    }
    list.dataset.chosen = place ? passage : "";
  });

  // A form sent back with an error still shows its passage in the text.
  document.addEventListener("DOMContentLoaded", () => {
    for (const body of bodies()) {
      const { quote } = fieldsFor(body);
      const place = quote && quote.value.trim() && find(body, quote.value);
      if (place) show(body, place.start, place.end);
    }
  });
})();
