// The leader's 批注 that a merge wrote into the form as comment lines: each shown, read-only, at the top of the box
// of the item or field it sits above, with a button that deletes that one line from the form once it is dealt with.
"use strict";

const leaderNotes = (() => {
  const { el } = draft;
  const BOXES = "li.item, tr, .attachment, .field";  // the boxes a note goes on top of, nearest first

  // A note as the page shows it: the leader's words as text (never markup), and the button that removes it.
  function noteNode(note, remove) {
    // focusing the button must not scroll the field's label into view (form.js): the click would miss the button
    return el("div", { className: "leader-note", role: "note", "data-note-for": note.path, "data-line": String(note.line),
      onfocusin: (event) => event.stopPropagation() },
      el("span", { className: "leader-note-text", text: note.text }),
      el("button", { type: "button", className: "small", "data-role": "remove-note", title: "从表单文件里删掉这一行批注（先保存页面上的修改）",
        text: "处理完了，删掉", onclick: () => remove(note) }));
  }

  // The element of the field at ``path`` or of the nearest field holding it (null: none on the page).
  function target(path, fieldsBox) {
    let found = null;
    while (path && !found) {
      found = fieldsBox.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (!found) path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    }
    return found;
  }

  // ``node`` put at the top of ``box``: after its label (a field), else before its first child that is not a note.
  function atTop(box, node) {
    let anchor = box.classList.contains("field") ? box.querySelector(":scope > .field-label") : null;
    if (anchor) {
      while (anchor.nextElementSibling && anchor.nextElementSibling.classList.contains("leader-note")) anchor = anchor.nextElementSibling;
      anchor.after(node);
      return;
    }
    let first = box.firstElementChild;
    while (first && first.classList.contains("leader-note")) first = first.nextElementSibling;
    box.insertBefore(node, first);
  }

  // Every note of ``list`` placed on the page (those already shown are taken away first).
  function place(list, fieldsBox, remove) {
    document.querySelectorAll(".leader-note, .leader-note-row").forEach((node) => node.remove());
    const general = document.getElementById("general-findings");
    for (const note of list || []) {
      const node = noteNode(note, remove);
      const found = target(note.path, fieldsBox);
      const box = found && found.closest(BOXES);
      if (!box) atTop(general, node);
      else if (box.localName === "tr") box.before(el("tr", { className: "leader-note-row" }, el("td", { colspan: 9 }, node)));
      else atTop(box, node);
    }
  }

  return { place };
})();
