// Text boxes that show every {{ … }} expression as a chip: one atomic, readable piece the clerk can move or delete
// as a whole; the box's ``value`` is always the exact text, the chips' expressions included, for saving and preview.
"use strict";

const chips = (() => {
  const { el } = draft;
  const EXPRESSION = /\{\{[\s\S]*?\}\}/g;
  const FIGURE = /^\{\{\s*指标\.([^\s|}]+)\s*(?:\|\s*([^(}\s]+)\s*(?:\(\s*(?:指标\.([^\s,)]+))?[^)]*\))?)?\s*\}\}$/;
  const PERIOD = { "全称": "期间全称", "简称": "期间简称", "下期": "下一期", "起止": "起止月份" };
  const WORDS = { "同比": "同比", "环比": "环比", "增减": "同比增减量", "简写": "简写", "数值": "只写数字" };

  // What a chip reads: the figure's name and what it prints, never the template code.
  function label(expression) {
    const figure = expression.match(FIGURE);
    if (figure) {
      const [, name, filter, other] = figure;
      if (!filter) return name;
      if (filter === "比率") return other ? `${name}占${other}的比率` : `${name}（比率）`;
      return `${name}（${WORDS[filter] || filter}）`;
    }
    const period = expression.match(/^\{\{\s*期间\.(\S+?)\s*\}\}$/);
    if (period) return PERIOD[period[1]] || "期间";
    return expression.replace(/^\{\{\s*|\s*\}\}$/g, "");
  }

  function chip(expression) {
    const node = el("span", { className: "chip", contenteditable: "false", draggable: "true", "data-expr": expression,
      title: "由指标计算，印在文稿里；可整体拖动或删除" }, el("span", { className: "what", text: label(expression) }));
    node.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("text/x-draft-expression", expression);
      event.dataTransfer.setData("text/plain", expression);
      node.classList.add("moving");
    });
    node.addEventListener("dragend", () => node.classList.remove("moving"));
    return node;
  }

  // ``text`` as nodes: plain runs as text, each expression as a chip.
  function nodes(text) {
    const out = [];
    let at = 0;
    for (const match of text.matchAll(EXPRESSION)) {
      if (match.index > at) out.push(document.createTextNode(text.slice(at, match.index)));
      out.push(chip(match[0]));
      at = match.index + match[0].length;
    }
    if (at < text.length) out.push(document.createTextNode(text.slice(at)));
    return out;
  }

  // The exact text the box holds: its text, line breaks and chips' expressions (a block the browser made is a line).
  function serialise(node) {
    let text = "";
    node.childNodes.forEach((child, i) => {
      if (child.nodeType === Node.TEXT_NODE) text += child.nodeValue.replace(/\u200b/g, "");
      else if (child.nodeType !== Node.ELEMENT_NODE) return;
      else if (child.classList.contains("chip")) text += child.dataset.expr;
      else if (child.localName === "br") text += "\n";
      else if (/^(div|p)$/.test(child.localName)) text += (i > 0 && !text.endsWith("\n") ? "\n" : "") + serialise(child);
      else text += serialise(child);
    });
    return text;
  }

  function insertAtCaret(box, pieces) {
    const selection = window.getSelection();
    let range = selection.rangeCount ? selection.getRangeAt(0) : null;
    if (!range || !box.contains(range.commonAncestorContainer)) {
      range = document.createRange();
      range.selectNodeContents(box);
      range.collapse(false);
    }
    range.deleteContents();
    const last = pieces[pieces.length - 1];
    for (const piece of pieces.reverse()) range.insertNode(piece);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  // A box for ``value``: one line (Enter refused) or several; ``set`` gets the exact text after each change.
  function editor(multiline, path, value, label_, set, name, changed) {
    // a form this account may only read (its fields' fieldset disabled): the box shows the text and takes no typing
    const locked = Boolean(document.querySelector("fieldset#editing[disabled]"));
    const box = el("div", { className: `rich ${multiline ? "multi" : "single"}`, contenteditable: locked ? "false" : "true",
      "aria-readonly": locked ? "true" : "false", role: "textbox",
      "aria-multiline": multiline ? "true" : "false", "data-path": path, name, "aria-label": label_, "data-placeholder": label_,
      spellcheck: "false" });
    const render = (text) => { box.replaceChildren(...nodes(text || "")); };
    Object.defineProperty(box, "value", { get: () => serialise(box), set: render });
    render(value);
    const update = () => { set(serialise(box)); changed(); };
    box.addEventListener("input", (event) => { if (!event.isComposing) update(); });
    box.addEventListener("compositionend", update);
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      if (multiline) { insertAtCaret(box, [document.createTextNode("\n")]); update(); }
    });
    box.addEventListener("paste", (event) => {
      event.preventDefault();
      let text = event.clipboardData.getData("text/plain");
      if (!multiline) text = text.replace(/\s*\n\s*/g, " ");
      insertAtCaret(box, nodes(text));
      update();
    });
    box.addEventListener("copy", (event) => copy(event, false));
    box.addEventListener("cut", (event) => { copy(event, true); update(); });
    box.addEventListener("dragover", (event) => event.preventDefault());
    box.addEventListener("drop", (event) => {
      const expression = event.dataTransfer.getData("text/x-draft-expression");
      if (!expression) return;
      event.preventDefault();
      const moving = document.querySelector(".chip.moving");
      const spot = document.caretRangeFromPoint(event.clientX, event.clientY);
      if (!spot || !box.contains(spot.startContainer) || (moving && moving.contains(spot.startContainer))) return;
      const source = moving ? moving.closest(".rich") : null;
      if (moving) moving.remove();
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(spot);
      insertAtCaret(box, [chip(expression)]);
      update();
      if (source && source !== box) source.dispatchEvent(new Event("input"));
    });
    // Expressions typed or left by hand become chips when the box is left.
    box.addEventListener("blur", () => {
      if ([...box.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /\{\{[\s\S]*?\}\}/.test(n.nodeValue))) render(serialise(box));
    });
    return box;
  }

  // Copy (or cut) the selection as its exact text, chips' expressions included.
  function copy(event, cut) {
    const selection = window.getSelection();
    if (!selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const holder = el("div", {}, range.cloneContents());
    event.clipboardData.setData("text/plain", serialise(holder));
    event.preventDefault();
    if (cut) range.deleteContents();
  }

  // Insert ``expression`` where the caret is in ``box`` (at its end when the caret is elsewhere).
  function insert(box, expression) {
    box.focus();
    if (box._caret && box.contains(box._caret.startContainer)) {
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(box._caret);
    }
    insertAtCaret(box, [chip(expression)]);
    box.dispatchEvent(new Event("input"));
  }

  // Remember each box's caret: the insert button takes the focus away before it inserts.
  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    if (!selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const box = range.startContainer.nodeType === Node.ELEMENT_NODE && range.startContainer.closest
      ? range.startContainer.closest(".rich") : range.startContainer.parentElement && range.startContainer.parentElement.closest(".rich");
    if (box) box._caret = range.cloneRange();
  });

  // Label every chip on the page with what its expression prints (``printed``: expression → text, from the preview).
  function show(printed) {
    for (const node of document.querySelectorAll(".rich .chip")) {
      const value = printed[node.dataset.expr];
      let shown = node.querySelector(".printed");
      if (value === undefined) { if (shown) shown.remove(); continue; }
      if (!shown) { shown = el("span", { className: "printed" }); node.append(shown); }
      shown.textContent = value;
    }
  }

  return { editor, insert, label, serialise, show };
})();
