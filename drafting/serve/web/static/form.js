// The form page: fields generated from the template's declaration, a live preview with the check's findings,
// saving that refuses to overwrite a file changed elsewhere, unsaved edits kept in the browser, 导入修改稿 (merge.js).
"use strict";

(() => {
  const { post, el, say } = draft;
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const storageKey = "draft:" + (draft.base ? draft.base + ":" : "") + page.name;  // a mounted page's own
  const PAUSE_MS = 80;  // after the last keystroke, before the preview is asked for: a fast-typed word is one request
  let state = page.state;
  let version = page.version;
  let numbers = {};
  let lastFindings = [];
  let notes = page.notes || [];  // the leader's 批注 in the saved form (notes.js), by the field they sit above
  let lastErrors = 0;
  let printed = {};  // what each {{ … }} prints (from the last preview): the chips' labels
  let knownFigures = [];  // every figure's name, a spreadsheet's included (from the last preview)
  let sheetFigures = [];  // the figures read from the spreadsheet (指标文件), with their cells (from the last preview)
  let dirty = false;
  let sequence = 0;
  let timer = null;
  let focused = null;
  const fieldsBox = document.getElementById("fields");
  const status = document.getElementById("status");

  // -- inputs -------------------------------------------------------------------------------------
  // A text box: the report's texts (``rich``: several lines, 标题, the items' headings, 列举 and table cells) show
  // figures as chips (chips.js); a one-line field of the form's own (日期, 落款, a figure's cell) is a plain input.
  function area(multiline, path, value, label, set, name, rich) {
    if (multiline || rich) {
      const box = chips.editor(multiline, path, value, label, set, name, () => changed());
      box.addEventListener("focus", () => { focused = box; });
      return box;
    }
    const input = el("input", { type: "text", "data-path": path, name, "aria-label": label, placeholder: label });
    input.value = value || "";
    // A Chinese input method fires input events while the pinyin is still being composed: wait for the characters.
    input.addEventListener("input", (event) => { if (!event.isComposing) { set(input.value); changed(); } });
    input.addEventListener("compositionend", () => { set(input.value); changed(); });
    input.addEventListener("focus", () => { focused = input; });
    return input;
  }

  function select(path, value, options, set, name, label) {
    const box = el("select", { "data-path": path, name, "aria-label": label });
    for (const [optionValue, text] of options) box.append(el("option", { value: optionValue, text, selected: optionValue === value }));
    if (value && !options.some(([v]) => v === value)) box.append(el("option", { value, text: value, selected: true }));
    box.addEventListener("change", () => { set(box.value); changed(); });
    return box;
  }

  const ctx = { numbers, changed: () => changed(), rebuilt: () => { build(); changed(); }, area: (m, p, v, l, s) => area(m, p, v, l, s, undefined, true),
    deleted: (list, index, item) => offerUndo(list, index, item),
    figureNames: () => [...new Set(knownFigures.concat((state["指标"] || []).map((row) => row["名称"]).filter(Boolean)))],
    figureColumns: page.figureColumns };

  // A deleted item can be brought back (until the next deletion): nothing typed is lost to a slip of the mouse.
  function offerUndo(list, index, item) {
    const notice = document.getElementById("notice");
    notice.replaceChildren("已删除一条。", el("button", { type: "button", id: "undo", text: "撤销", onclick: () => {
      list.splice(index, 0, item); notice.hidden = true; build(); changed(); } }));
    notice.hidden = false;
  }

  function field(spec) {
    const name = spec.name;
    const wrap = el("div", { className: `field type-${spec.type}`, "data-field": name });
    const title = el("label", { className: "field-label", text: spec.label + (spec.required ? "（必填）" : "") });
    wrap.append(title);
    if (spec.doc) wrap.append(el("div", { className: "doc", text: spec.doc }));
    const set = (value) => { state[name] = value; };
    const value = state[name];
    switch (spec.type) {
      case "标题": case "段落":
        wrap.append(area(true, name, value, spec.type === "段落" ? "每行一段" : "标题（较长时可分行）", set, name)); break;
      case "是否":
        wrap.append(select(name, value, [["", "（按模板默认）"], ["是", "是"], ["否", "否"]], set, name, spec.label)); break;
      case "模板":
        wrap.append(select(name, value || page.template, page.templates.map((t) => [t, t]), (v) => { set(v); say({ lines: ["换了模板：保存后重新打开本页，按新模板的字段填写"] }, false); }, name, spec.label)); break;
      case "表单文件":
        wrap.append(select(name, value, [["", "（不用）"]].concat(page.forms.filter((f) => f !== page.name).map((f) => [f, f])), set, name, spec.label)); break;
      case "条目": {
        const box = el("fieldset", { className: "tree", name, "data-path": name });
        state[name] = state[name] || [];
        items.render(state[name], box, name, spec.level || 1, ctx, null, null);
        wrap.append(box); break;
      }
      case "部分": {
        const box = el("fieldset", { className: "tree", name, "data-path": name });
        state[name] = state[name] || { "标题": "", "下级": [] };
        const section = state[name];
        const heading = el("div", { className: "section-heading" }, el("span", { className: "number", "data-number-for": `${name}/标题`, text: numbers[`${name}/标题`] || "" }));
        heading.append(area(false, `${name}/标题`, section["标题"], "这一部分的标题（不写则用模板的默认标题）", (v) => { section["标题"] = v; }));
        box.append(heading);
        items.render(section["下级"], box, `${name}/下级`, 2, ctx, null, null);
        wrap.append(box); break;
      }
      case "指标": wrap.append(figures(name)); break;
      case "指标文件": wrap.append(controls.figuresFile(page, value, (v) => { set(v); changed(); }, ask, say)); break;
      case "版式": wrap.append(controls.profile(page, value, (v) => { set(v); changed(); }, name, spec.label)); break;
      case "附件": wrap.append(attachments(name)); break;
      case "版头": {
        state[name] = state[name] || {};
        const filled = Object.values(state[name]).some(Boolean);
        const box = el("fieldset", { className: "red-header", name, "data-path": name });
        for (const key of Object.keys(state[name])) {
          box.append(el("label", { className: "sub" }, key, area(false, `${name}/${key}`, state[name][key], key, (v) => { state[name][key] = v; })));
        }
        wrap.append(el("details", { open: filled }, el("summary", { text: filled ? "红头文件的版头、版记" : "红头文件的版头、版记（普通报告不用填）" }), box));
        break;
      }
      default: {
        const input = area(false, name, value, spec.example ? "如：" + spec.example : spec.label, set, name);
        if (spec.type === "日期") input.placeholder = "如 2023-07-10";
        if (spec.type === "期间") input.placeholder = "2023、2023H1（上半年）、2023Q3（三季度）、2023-07（月）";
        wrap.append(input);
      }
    }
    return wrap;
  }

  // 附件: a name per attachment; one with content gets pages of its own (附件N and its title), its items below.
  function attachments(name) {
    state[name] = Array.isArray(state[name]) ? state[name] : [];
    const entries = state[name];
    const box = el("fieldset", { className: "attachments", name, "data-path": name });
    entries.forEach((entry, i) => {
      const path = `${name}/${i}`;
      const row = el("div", { className: "attachment", "data-path": path });
      const head = el("div", { className: "attachment-head" }, el("span", { className: "number", text: entries.length > 1 ? `${i + 1}.` : "" }),
        area(false, `${path}/名称`, entry["名称"], "附件名称", (v) => { entry["名称"] = v; }),
        el("button", { type: "button", title: "上移", text: "↑", disabled: i === 0,
          onclick: () => { entries.splice(i - 1, 0, entries.splice(i, 1)[0]); build(); changed(); } }),
        el("button", { type: "button", title: "下移", text: "↓", disabled: i === entries.length - 1,
          onclick: () => { entries.splice(i + 1, 0, entries.splice(i, 1)[0]); build(); changed(); } }),
        el("button", { type: "button", className: "danger", title: "删除这个附件", text: "×",
          onclick: () => { const [gone] = entries.splice(i, 1); build(); changed(); ctx.deleted(entries, i, gone); } }));
      row.append(head);
      if (Array.isArray(entry["内容"])) {
        const content = el("div", { className: "children" }, el("div", { className: "doc", text: "附件的内容：另起一页，印“附件" + (i + 1) + "”和名称，再印下面的条目" }));
        items.render(entry["内容"], content, `${path}/内容`, 1, ctx, null, null);
        row.append(content);
      } else {
        row.append(el("button", { type: "button", className: "small", "data-role": "add-content", text: "＋ 加内容（另起一页印出，如指标完成情况表）",
          onclick: () => { entry["内容"] = [{ "指标表": { "标题": "", "指标": [], "列": [] } }]; build(); changed(); } }));
      }
      box.append(row);
    });
    box.append(el("button", { type: "button", className: "small", "data-role": "add-attachment", text: "＋ 添加附件",
      onclick: () => { entries.push({ "名称": "" }); build(); changed(); } }));
    return box;
  }

  const FIGURE_COLUMNS = [["名称", "名称"], ["值", "本期"], ["单位", "单位"], ["上期", "上期"], ["去年同期", "去年同期"], ["来源", "来源"]];

  function figures(name) {
    state[name] = state[name] || [];
    const rows = state[name];
    const table = el("table", { className: "figures", "data-path": name });
    const head = el("tr");
    for (const [, label] of FIGURE_COLUMNS) head.append(el("th", { text: label }));
    head.append(el("th"));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    rows.forEach((row, i) => {
      const tr = el("tr", { "data-path": `${name}/${i}` });
      for (const [key] of FIGURE_COLUMNS) {
        tr.append(el("td", {}, area(false, `${name}/${i}/${key}`, row[key], key, (v) => { row[key] = v; if (key === "名称") fillInsertMenu(); })));
      }
      tr.append(el("td", {}, el("button", { type: "button", className: "small danger", title: "删除这个指标", text: "×",
        onclick: () => { rows.splice(i, 1); build(); changed(); } })));
      body.append(tr);
    });
    table.append(body);
    const fromSheet = el("tbody", { className: "sheet-figures", "data-role": "sheet-figures" });
    controls.sheetRows(fromSheet, sheetFigures, FIGURE_COLUMNS);
    table.append(fromSheet);
    const fieldset = el("fieldset", { className: "figures-box", name }, table,
      el("button", { type: "button", className: "small", text: "＋ 添加指标", onclick: () => {
        rows.push({ "名称": "", "值": "", "单位": "", "上期": "", "去年同期": "", "来源": "" }); build(); changed(); } }),
      el("div", { className: "doc", text: "还不知道的数字留空（印成“【待填】”，检查会提醒）；正文里用上方“插入”引用，不要手打数字。" +
        "灰色的几行来自表格文件，标着所在的工作表和单元格，要改就在表格里改；在这里添加同名指标则以这里为准。" }));
    return fieldset;
  }

  function build() {
    const active = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
    fieldsBox.replaceChildren(...page.fields.map(field));
    findings.place(lastFindings, fieldsBox);
    leaderNotes.place(notes, fieldsBox, removeNote);
    chips.show(printed);
    fillInsertMenu();
    if (active) {
      const again = fieldsBox.querySelector(`[data-path="${CSS.escape(active)}"]`);
      if (again && again.focus) again.focus();
    }
  }

  // -- the insert menu: figures and period words, so nobody types {{ }} ------------------------------
  function fillInsertMenu() {
    const figureBox = document.getElementById("insert-figure");
    const second = document.getElementById("insert-second");
    const names = ctx.figureNames();  // the 指标 block's and a spreadsheet's (指标文件), as the last preview read them
    const keep = figureBox.value;
    figureBox.replaceChildren(...names.map((n) => el("option", { value: n, text: "指标：" + n, selected: n === keep })),
      el("option", { value: "@期间", text: "期间的说法", selected: keep === "@期间" }));
    second.replaceChildren(...names.map((n) => el("option", { value: n, text: "与“" + n + "”之比" })));
    fillForms();
  }

  function fillForms() {
    const figureBox = document.getElementById("insert-figure");
    const formBox = document.getElementById("insert-form");
    const choices = figureBox.value === "@期间" ? page.periodWords : page.figureForms;
    const keep = formBox.value;
    formBox.replaceChildren(...choices.map(([label, code]) => el("option", { value: code, text: label, selected: code === keep })));
    document.getElementById("insert-second").hidden = !formBox.value.includes("指标.乙");
  }

  document.getElementById("insert-figure").addEventListener("change", fillForms);
  document.getElementById("insert-form").addEventListener("change", fillForms);
  document.getElementById("insert-button").addEventListener("click", () => {
    const target = focused && document.body.contains(focused) ? focused : null;
    if (!target) { say({ lines: ["先点一下要插入的文字框，再点“插入”"] }, true); return; }
    const figure = document.getElementById("insert-figure").value;
    const other = document.getElementById("insert-second").value;
    let code = document.getElementById("insert-form").value;
    code = code.replace("指标.甲", "指标." + figure).replace("指标.乙", "指标." + other);
    if (target.classList.contains("rich")) { chips.insert(target, code); return; }
    const start = target.selectionStart ?? target.value.length;
    target.setRangeText(code, start, target.selectionEnd ?? start, "end");
    target.dispatchEvent(new Event("input"));
    target.focus();
  });

  // -- preview and findings ---------------------------------------------------------------------------
  function changed() {
    dirty = true;
    status.textContent = "有未保存的修改";
    clearTimeout(timer);
    timer = setTimeout(refresh, PAUSE_MS);
  }

  async function refresh() {
    const mine = ++sequence;
    try { localStorage.setItem(storageKey, JSON.stringify({ version, state, time: new Date().toLocaleString("zh-CN") })); } catch (error) { /* storage full or off */ }
    document.getElementById("preview-status").textContent = "更新中…";
    const { status: code, data } = await post(draft.url("/api/preview"), { name: page.name, version, state });
    if (mine !== sequence) return;  // a later edit's preview is on its way
    if (code !== 200) { document.getElementById("preview-status").textContent = data.error || "预览失败"; return; }
    const preview = document.getElementById("preview");
    const before = [...preview.querySelectorAll("p")].map((p) => p.textContent);
    showPreview(preview, data.css || "", data.html || '<p class="empty">表单有格式错误，改正后这里显示文稿。</p>');
    showChange(preview, before);
    Object.keys(numbers).forEach((key) => delete numbers[key]);
    Object.assign(numbers, data.numbers);
    document.querySelectorAll("[data-number-for]").forEach((span) => { span.textContent = numbers[span.dataset.numberFor] || ""; });
    lastFindings = data.findings;
    lastErrors = data.errors;
    const figuresBefore = knownFigures.join("\n");
    knownFigures = data.figures || [];
    if (knownFigures.join("\n") !== figuresBefore) fillInsertMenu();
    sheetFigures = data.sheetFigures || [];
    document.querySelectorAll('[data-role="sheet-figures"]').forEach((body) => controls.sheetRows(body, sheetFigures, FIGURE_COLUMNS));
    findings.place(data.findings, fieldsBox);
    printed = data.printed || {};
    chips.show(printed);
    document.getElementById("preview-status").textContent = data.errors ? `${data.errors} 处错误` : data.findings.length ? `${data.findings.length} 处提醒` : "没有发现问题";
    document.body.dataset.previewed = String(mine);
  }

  // The preview's elements and attributes (what writers/html.py writes); anything else is dropped, so no
  // <meta http-equiv=refresh>, <base>, <link>, <style> or handler can reach the page whatever the server sent.
  const PREVIEW_TAGS = new Set(["div", "p", "span", "table", "colgroup", "col", "tbody", "thead", "tr", "th", "td"]);
  const PREVIEW_ATTRIBUTES = new Set(["class", "style", "data-origin", "colspan", "rowspan"]);

  function showPreview(preview, css, html) {
    // Parsed in a document of its own (no window: nothing in it runs, loads or refreshes), then sifted.
    const holder = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html").body;
    for (const node of [...holder.querySelectorAll("*")]) {
      if (!PREVIEW_TAGS.has(node.localName) || node.namespaceURI !== "http://www.w3.org/1999/xhtml") { node.remove(); continue; }
      for (const name of node.getAttributeNames()) if (!PREVIEW_ATTRIBUTES.has(name)) node.removeAttribute(name);
    }
    const sheet = document.createElement("style");
    sheet.textContent = css;  // text, never parsed as HTML: a "</style>" in it stays CSS
    preview.replaceChildren(sheet, ...holder.childNodes);
  }

  // Bring the first paragraph that changed into view, so the edit is seen where it lands on the page.
  function showChange(preview, before) {
    if (!before.length) return;
    const after = [...preview.querySelectorAll("p")];
    const changedAt = after.findIndex((p, i) => p.textContent !== before[i]);
    const target = changedAt >= 0 ? after[changedAt] : null;
    if (!target) return;
    const pane = document.getElementById("preview-scroll");
    const box = target.getBoundingClientRect();
    const view = pane.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) pane.scrollTop += box.top - view.top - view.height / 3;
    target.classList.add("gw-changed");
  }

  // -- dialog, save, build --------------------------------------------------------------------------
  function ask(text, buttons) {
    return new Promise((resolve) => {
      const dialog = document.getElementById("dialog");
      document.getElementById("dialog-text").replaceChildren(...[].concat(text).map((line) => (typeof line === "string" ? el("p", { text: line }) : line)));
      document.getElementById("dialog-buttons").replaceChildren(...buttons.map(([label, value]) =>
        el("button", { type: "button", "data-choice": value, text: label, onclick: () => { dialog.hidden = true; resolve(value); } })));
      dialog.hidden = false;
    });
  }

  async function save(asCopy) {
    clearTimeout(timer);
    await refresh();
    if (lastErrors && !asCopy) {
      const list = el("ul", {}, ...lastFindings.filter((f) => f.severity === "错误").map((f) => el("li", { text: `${f.code}：${f.message}` })));
      const choice = await ask([`表单还有 ${lastErrors} 处错误，生成文稿前要改正：`, list, "现在仍然保存吗？"], [["仍然保存", "save"], ["先不保存", "cancel"]]);
      if (choice !== "save") return false;
    }
    const { status: code, data } = await post(draft.url("/api/save"), { name: page.name, version, state, copy: asCopy });
    if (code === 409) {
      // A refusal of the server that keeps the form (its own code, not an S one): no copy beside it to save.
      const ours = !data.code || data.code.startsWith("S");
      const choice = await ask([data.error, data.hint], [["重新载入（放弃页面上的修改）", "reload"]].concat(
        ours ? [["另存为副本", "copy"]] : [], [["取消", "cancel"]]));
      if (choice === "reload") { localStorage.removeItem(storageKey); dirty = false; window.location.reload(); }
      if (choice === "copy") return save(true);
      return false;
    }
    if (code !== 200) { say(data, true); return false; }
    localStorage.removeItem(storageKey);
    dirty = false;
    if (data.name !== page.name) {  // saved as a copy: continue there
      window.location.href = draft.url("/form/" + draft.pathURL(data.name));
      return true;
    }
    version = data.version;
    state = data.state;
    notes = data.notes || [];
    document.getElementById("notice").hidden = true;  // "已恢复…" no longer holds once saved (and must not cover links)
    build();
    status.textContent = "已保存";
    say(data, false);
    refresh();
    return true;
  }

  // 处理完了，删掉: the page's edits saved first, then that one comment line deleted from the form (version-checked).
  async function removeNote(note) {
    if (dirty && !(await save(false))) return;
    // saving may have moved the line: the same words, at the same field if they are there twice
    const now = notes.find((n) => n.text === note.text && n.path === note.path) || notes.find((n) => n.text === note.text);
    if (!now) { build(); return; }
    const { status: code, data } = await post(draft.url("/api/note/remove"), { name: page.name, version, line: now.line, text: now.text });
    if (code === 409) {
      const choice = await ask([data.error, data.hint], [["重新载入", "reload"], ["取消", "cancel"]]);
      if (choice === "reload") { localStorage.removeItem(storageKey); dirty = false; window.location.reload(); }
      return;
    }
    if (code !== 200) { say(data, true); return; }
    version = data.version;
    state = data.state;
    notes = data.notes || [];
    build();
    status.textContent = "已删掉批注";
    say(data, false);
    refresh();
  }

  async function buildDocument(pdf) {
    if (dirty && !(await save(false))) return;
    const button = document.getElementById(pdf ? "build-pdf" : "build-docx");
    button.disabled = true;
    status.textContent = pdf ? "正在生成 PDF…" : "正在生成…";
    const { status: code, data } = await post(draft.url("/api/build"), { names: [page.name], pdf });
    button.disabled = false;
    status.textContent = "";
    say(data, code !== 200 || data.failed);
    const wanted = (data.downloads || []).filter((n) => n.endsWith(pdf ? ".pdf" : ".docx"));
    if (code === 200 && wanted.length) draft.download(wanted[0]);
  }

  document.getElementById("save").addEventListener("click", () => save(false));
  window.draftFormPage = { name: page.name, saved: async () => !dirty || save(false) };  // for annotate.js
  document.getElementById("build-docx").addEventListener("click", () => buildDocument(false));
  const pdfButton = document.getElementById("build-pdf");
  if (!page.pdf) { pdfButton.disabled = true; pdfButton.title = "没有找到 LibreOffice，不能生成 PDF"; }
  pdfButton.addEventListener("click", () => buildDocument(true));
  window.addEventListener("beforeunload", (event) => { if (dirty) { event.preventDefault(); event.returnValue = ""; } });
  mergeDocx.attach({ name: page.name, version: () => version, ready: async () => (dirty ? save(false) : true), say, ask,
    merged: (data) => { localStorage.removeItem(storageKey); dirty = false; version = data.version; state = data.state; notes = data.notes || notes;
      document.getElementById("notice").hidden = true; build(); status.textContent = "已合并修改稿"; refresh(); },
    reload: () => { localStorage.removeItem(storageKey); dirty = false; window.location.reload(); } });

  // -- unsaved edits kept in the browser ------------------------------------------------------------
  function restore() {
    let stored = null;
    try { stored = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (error) { stored = null; }
    if (!stored || JSON.stringify(stored.state) === JSON.stringify(state)) return;
    const notice = document.getElementById("notice");
    const drop = el("button", { type: "button", text: "放弃这些修改", onclick: () => { localStorage.removeItem(storageKey); window.location.reload(); } });
    if (stored.version === version) {
      state = stored.state;
      dirty = true;
      status.textContent = "有未保存的修改";
      notice.replaceChildren(`已恢复上次没有保存的修改（${stored.time}）。`, drop);
    } else {
      const take = el("button", { type: "button", text: "恢复它", onclick: () => { state = stored.state; notice.hidden = true; build(); changed(); } });
      notice.replaceChildren(`浏览器里有一份没有保存的修改（${stored.time}），但文件后来在别处改过。`, take, drop);
    }
    notice.hidden = false;
  }

  fieldsBox.addEventListener("focusin", (event) => findings.clearOfBars(event.target));
  restore();
  build();
  refresh();
})();
