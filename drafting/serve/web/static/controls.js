// The form page's controls for what a clerk should never type: the spreadsheet of figures (指标文件), chosen with a
// file picker, uploaded beside the form, its sheet chosen from a list; the 版式 chosen by name; and the figures read
// from the spreadsheet shown read-only in the 指标 table, each marked with its sheet and cell.
"use strict";

const controls = (() => {
  const { el, post } = draft;
  const token = document.querySelector('meta[name="draft-token"]').content;

  async function upload(form, file, replace) {
    const query = `form=${encodeURIComponent(form)}&file=${encodeURIComponent(file.name)}${replace ? "&replace=1" : ""}`;
    try {
      const response = await fetch(draft.url("/api/upload?" + query), { method: "POST", body: file,
        headers: { "Content-Type": "application/octet-stream", "X-Draft-Token": token } });
      return { status: response.status, data: await response.json() };
    } catch (error) {
      return { status: 0, data: { error: "上传没有完成：连不上 draft serve，或文件读不出来", hint: "确认 draft serve 还在运行，再选一次", lines: [] } };
    }
  }

  // 指标文件: which spreadsheet, and which of its sheets (empty: the first). ``page`` is the form page's data,
  // ``value`` the field's state ({文件, 表}), ``set`` stores a new one, ``ask`` puts a question to the clerk.
  function figuresFile(page, value, set, ask, say) {
    const current = { "文件": (value && value["文件"]) || "", "表": (value && value["表"]) || "" };
    const box = el("div", { className: "figures-file", "data-path": "指标文件" });
    const using = el("span", { className: "using", "data-role": "figures-file-name" });
    const picker = el("input", { type: "file", accept: ".xlsx,.csv", name: "指标文件-选择", "aria-label": "选择表格文件", className: "file-input" });
    const pick = el("label", { className: "file-button" }, picker, "选择表格文件（.xlsx 或 .csv）…");
    const sheetBox = el("select", { name: "指标文件-表", "aria-label": "工作表", "data-role": "sheet", hidden: true });
    const clear = el("button", { type: "button", className: "small", text: "不用表格", "data-role": "no-figures-file" });
    const row = (label, ...controls) => el("div", { className: "sub" }, el("span", { className: "sub-label", text: label }), ...controls);

    function show(sheets) {
      using.textContent = current["文件"] ? current["文件"] : "（没有用表格，指标都在下面的“指标”里填写）";
      clear.hidden = !current["文件"];
      sheetBox.hidden = !sheets.length;
      sheetBox.replaceChildren(...sheets.map((sheet) => el("option", { value: sheet, text: sheet, selected: sheet === current["表"] })));
      if (sheets.length && !sheets.includes(current["表"])) sheetBox.value = sheets[0];
    }

    function store() { set({ ...current }); }

    picker.addEventListener("change", async () => {
      const file = picker.files[0];
      if (!file) return;
      using.textContent = `正在上传“${file.name}”…`;
      let answer = await upload(page.name, file, false);
      if (answer.status === 409 && answer.data.code === "S073") {
        const choice = await ask([`表单旁边已经有“${file.name}”。`, "用刚选的文件替换它吗？原来的文件会被覆盖。"],
          [["替换", "replace"], ["取消", "cancel"]]);
        answer = choice === "replace" ? await upload(page.name, file, true) : null;
      }
      picker.value = "";
      if (!answer) { show([]); return; }
      if (answer.status !== 200) { show([]); say(answer.data, true); return; }
      current["文件"] = answer.data.file;
      current["表"] = answer.data.sheets.length ? answer.data.sheets[0] : "";
      show(answer.data.sheets);
      say(answer.data, false);
      store();
    });
    sheetBox.addEventListener("change", () => { current["表"] = sheetBox.value; store(); });
    clear.addEventListener("click", () => { current["文件"] = ""; current["表"] = ""; show([]); store(); });

    box.append(row("正在使用：", using, clear), row("换一个表格：", pick), row("工作表：", sheetBox));
    show([]);
    if (current["文件"] && /\.xlsx$/i.test(current["文件"])) {
      post(draft.url("/api/sheets"), { form: page.name, file: current["文件"] }).then(({ status, data }) => {
        if (status === 200) show(data.sheets);
      });
    }
    return box;
  }

  // 版式 by its Chinese name: the built-in profiles and the profile files beside the form.
  function profile(page, value, set, name, label) {
    const box = el("select", { "data-path": name, name, "aria-label": label });
    const choices = [["", "（默认）GB/T 9704 党政机关公文格式"]].concat(page.profiles || []);
    for (const [optionValue, text] of choices) box.append(el("option", { value: optionValue, text, selected: optionValue === (value || "") }));
    if (value && !choices.some(([v]) => v === value)) box.append(el("option", { value, text: value, selected: true }));
    box.addEventListener("change", () => set(box.value));
    return box;
  }

  // The spreadsheet's figures as read-only rows below the typed ones, each marked “工作表!B8”.
  function sheetRows(body, figures, columns) {
    body.replaceChildren(...figures.map((figure) => el("tr", { className: "from-sheet", "data-figure": figure["名称"] },
      ...columns.map(([key]) => el("td", { className: "read-only", text: figure[key] || "" })),
      el("td", {}, el("span", { className: "cell-mark", title: `来自表格的 ${figure["单元格"]}：要改这个数，在表格里改`, text: figure["单元格"] })))));
    body.hidden = !figures.length;
  }

  return { figuresFile, profile, sheetRows };
})();
