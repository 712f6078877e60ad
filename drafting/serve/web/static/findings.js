// The form page's findings: each beside its field with its message, hint and a link that brings the field into view,
// clear of the sticky header and insert bar.
"use strict";

const findings = (() => {
  const { el } = draft;

  // A finding as the page says it: the message, the hint and a link to the field (never the terminal's excerpt).
  function findingNode(finding, target) {
    const link = target ? el("a", { href: "#", className: "goto", "data-goto": finding.path, text: "转到此处",
      onclick: (event) => { event.preventDefault(); reveal(target); } }) : null;
    return el("div", { className: `finding severity-${finding.severity}`, "data-code": finding.code, title: finding.line },
      el("b", { text: `${finding.severity}[${finding.code}]` }), "：" + finding.message,
      finding.hint ? el("span", { className: "hint", text: " 提示：" + finding.hint }) : null, link ? " " : null, link);
  }

  // Focus the field at ``target`` and scroll it into view with its label clear of the header and the insert bar.
  function reveal(target) {
    const boxes = target.matches("input, select, .rich") ? [target] : [...target.querySelectorAll("input, select, .rich")];
    const input = boxes.find((box) => !box.value) || boxes[0] || target;  // a row's empty box is where the fault is
    input.scrollIntoView({ block: "center" });
    if (input.focus) input.focus({ preventScroll: true });
    clearOfBars(input);
  }

  // The label of the field holding ``node`` is scrolled out from under the sticky bars (when the field fits).
  function clearOfBars(node) {
    const wrap = node.closest(".field");
    const labelNode = wrap && wrap.querySelector(".field-label");
    if (!labelNode) return;
    const bars = document.getElementById("insert").getBoundingClientRect().bottom + 6;
    const top = labelNode.getBoundingClientRect().top;
    const room = window.innerHeight - bars;
    if (top < bars && node.getBoundingClientRect().bottom - top < room) window.scrollBy(0, top - bars);
  }

  // The last of the findings already shown after ``node`` (so several findings keep their order), or ``node``.
  function afterFindings(node, className) {
    let last = node;
    while (last.nextElementSibling && last.nextElementSibling.classList.contains(className)) last = last.nextElementSibling;
    return last;
  }

  function place(list, fieldsBox) {
    document.querySelectorAll(".finding, .finding-row").forEach((node) => node.remove());
    const general = document.getElementById("general-findings");
    for (const finding of list) {
      let path = finding.path;
      let target = null;
      while (path && !target) {
        target = fieldsBox.querySelector(`[data-path="${CSS.escape(path)}"]`);
        if (!target) path = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
      }
      const node = findingNode(finding, target);
      const row = target && target.closest("tr");
      if (!target) general.append(node);
      else if (row) afterFindings(row, "finding-row").after(el("tr", { className: "finding-row" }, el("td", { colspan: 9 }, node)));
      else afterFindings(target, "finding").after(node);
    }
  }

  return { place, reveal, clearOfBars };
})();
