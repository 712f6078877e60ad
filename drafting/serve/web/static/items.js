// The tree of body items: each item's kind, texts, 一是…二是… list and 下级, with add, delete, move, indent, outdent.
"use strict";

const items = (() => {
  const { el } = draft;
  const MAX_LEVEL = 4;
  const KINDS = [
    ["标题", "标题（单独一行，下面是下级条目）"],
    ["标题段", "标题接正文（标题后面紧接本段文字）"],
    ["引语", "引语段（段首一句加粗，不编号）"],
    ["段落", "普通段落"],
    ["列举", "列举（一是……二是……）"],
    ["表格", "表格"],
    ["指标表", "指标表（由“指标”生成）"],
  ];
  const DEFAULT_COLUMNS = ["指标", "单位", "本期", "去年同期", "同比"];
  const DIGITS = "零一二三四五六七八九";

  function chinese(n) {
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
  }

  function has(value) { return value !== undefined && value !== null; }

  function kindOf(item) {
    if (has(item["原样"])) return "原样";
    if (item["表格"] && typeof item["表格"] === "object") return "表格";
    if (item["指标表"] && typeof item["指标表"] === "object") return "指标表";
    if (item._kind) return item._kind;
    if (has(item["标题"])) return item["内容"] || (item["列举"] || []).length ? "标题段" : "标题";
    if (has(item["引语"])) return "引语";
    if ((item["列举"] || []).length) return "列举";
    return "段落";
  }

  function joined(head, text) {
    if (!head) return text || "";
    if (!text) return head;
    return /[。：:！？；]$/.test(head) ? head + text : head + "。" + text;
  }

  // Change an item's kind without losing a word: texts move between 标题, 引语 and 内容, 下级 become siblings.
  function setKind(item, kind, siblings, index) {
    const head = has(item["标题"]) ? item["标题"] : has(item["引语"]) ? item["引语"] : undefined;
    const children = item["下级"] || [];
    const released = () => { if (children.length) siblings.splice(index + 1, 0, ...children); delete item["下级"]; };
    if (kind === "标题" || kind === "标题段") {
      item["标题"] = head || "";
      delete item["引语"];
      if (kind === "标题" && (item["内容"] || (item["列举"] || []).length)) {
        item["下级"] = [{ "内容": item["内容"] || "", "列举": item["列举"] }].concat(children);
        if (!item["下级"][0]["列举"]) delete item["下级"][0]["列举"];
        delete item["内容"]; delete item["列举"];
      }
      if (kind === "标题段" && !has(item["内容"])) item["内容"] = "";
    } else if (kind === "引语") {
      item["引语"] = head || "";
      delete item["标题"];
      if (!has(item["内容"])) item["内容"] = "";
      released();
    } else {
      item["内容"] = joined(head, item["内容"]);
      delete item["标题"]; delete item["引语"];
      released();
      if (kind === "列举" && !(item["列举"] || []).length) item["列举"] = [""];
      if (kind === "段落" && (item["列举"] || []).length) {
        item["内容"] = joined(item["内容"], item["列举"].filter(Boolean).join("；"));
        delete item["列举"];
      }
    }
    item._kind = kind;
  }

  function newTable() {
    return { "表格": { "标题": "", "表头": [["", ""]], "行": [["", ""]], "注": "" } };
  }

  function newItem(kind) {
    if (kind === "表格") return newTable();
    if (kind === "指标表") return { "指标表": { "标题": "", "指标": [], "列": [] } };
    const item = {};
    setKind(item, kind, [], 0);
    if (kind === "标题") item["下级"] = [];
    return item;
  }

  // Render ``list`` (items at ``level``) into ``container``; ``ctx`` has numbers, changed(), rebuilt(), area().
  function render(list, container, path, level, ctx, parentList, parentIndex) {
    const ol = el("ol", { className: "items", "data-list": path });
    list.forEach((item, index) => ol.append(card(list, index, path, level, ctx, parentList, parentIndex)));
    const add = el("div", { className: "add-row" },
      el("button", { type: "button", className: "add", text: level <= MAX_LEVEL ? "＋ 添加一条" : "＋ 添加一段",
        onclick: () => { list.push(newItem(level <= MAX_LEVEL ? "标题段" : "段落")); ctx.rebuilt(); } }));
    container.append(ol, add);
  }

  function card(list, index, path, level, ctx, parentList, parentIndex) {
    const item = list[index];
    const itemPath = `${path}/${index}`;
    const kind = kindOf(item);
    const headed = kind === "标题" || kind === "标题段";
    const li = el("li", { className: `item kind-${kind}`, "data-path": itemPath });
    const menu = el("select", { className: "kind", "aria-label": "条目类型", "data-role": "kind", disabled: kind === "原样" });
    if (kind === "原样") menu.append(el("option", { value: "原样", text: "表格（照原样保留）", selected: true }));
    for (const [value, label] of KINDS) {
      if ((value === "标题" || value === "标题段") && level > MAX_LEVEL && value !== kind) continue;
      if ((kind === "表格" || kind === "指标表") && value !== kind) continue;  // a table stays a table (delete it instead)
      menu.append(el("option", { value, text: label, selected: value === kind }));
    }
    menu.addEventListener("change", () => {
      if (menu.value === "表格" || menu.value === "指标表") {  // nothing typed is lost: a table with text before it comes after it
        const typed = item["标题"] || item["引语"] || item["内容"] || (item["列举"] || []).some(Boolean) || (item["下级"] || []).length;
        const table = newItem(menu.value);
        if (typed) list.splice(index + 1, 0, table); else list.splice(index, 1, table);
      } else {
        setKind(item, menu.value, list, index);
      }
      ctx.rebuilt();
    });
    const move = (to) => { const [moved] = list.splice(index, 1); list.splice(to, 0, moved); ctx.rebuilt(); };
    const previous = list[index - 1];
    const canIndent = previous && has(previous["标题"]) && level + 1 <= MAX_LEVEL + 1;
    const tools = el("span", { className: "tools" },
      el("button", { type: "button", title: "上移", "data-role": "up", text: "↑", disabled: index === 0, onclick: () => move(index - 1) }),
      el("button", { type: "button", title: "下移", "data-role": "down", text: "↓", disabled: index === list.length - 1, onclick: () => move(index + 1) }),
      el("button", { type: "button", title: "升一级（移到上级条目之后）", "data-role": "outdent", text: "←", disabled: !parentList,
        onclick: () => { const [moved] = list.splice(index, 1); parentList.splice(parentIndex + 1, 0, moved); ctx.rebuilt(); } }),
      el("button", { type: "button", title: "降一级（成为上一条的下级）", "data-role": "indent", text: "→", disabled: !canIndent,
        onclick: () => { const [moved] = list.splice(index, 1); (previous["下级"] = previous["下级"] || []).push(moved); ctx.rebuilt(); } }),
      el("button", { type: "button", title: "在后面插入一条", "data-role": "insert", text: "＋",
        onclick: () => { list.splice(index + 1, 0, newItem(kind === "标题" ? "标题段" : kind)); ctx.rebuilt(); } }),
      el("button", { type: "button", title: "删除这一条", "data-role": "delete", className: "danger", text: "×",
        onclick: () => { list.splice(index, 1); ctx.rebuilt(); ctx.deleted(list, index, item); } }));
    const number = el("span", { className: "number", "data-number-for": itemPath, text: ctx.numbers[itemPath] || "" });
    li.append(el("div", { className: "item-head" }, number, menu, tools));
    const body = el("div", { className: "item-body" });
    if (kind === "指标表") {
      body.append(figuresTableEditor(item["指标表"], `${itemPath}/指标表`, ctx));
      li.append(body);
      return li;
    }
    if (kind === "表格") {
      body.append(tableEditor(item["表格"], `${itemPath}/表格`, ctx));
      li.append(body);
      return li;
    }
    if (kind === "原样") {
      body.append(el("div", { className: "kept", text: item["原样"] }),
        el("div", { className: "doc", text: "表格在这里只能移动或删除；要改其中的内容，请用文本编辑器打开表单。" }));
      li.append(body);
      return li;
    }
    const text = (key, label, multiline) => {
      const input = ctx.area(multiline, `${itemPath}/${key}`, item[key] || "", label, (value) => { item[key] = value; });
      body.append(input);
    };
    if (headed) text("标题", "标题（不写编号，编号自动生成）", false);
    if (kind === "引语") text("引语", "引语（段首一句）", false);
    if (kind !== "标题") text("内容", kind === "列举" ? "引导语（可不写）" : "内容", true);
    if (kind === "列举" || ((kind === "标题段" || kind === "引语") && (item["列举"] || []).length)) {
      body.append(enumeration(item, itemPath, ctx));
    } else if (kind === "标题段" || kind === "引语") {
      body.append(el("button", { type: "button", className: "small", text: "＋ 加“一是……二是……”",
        onclick: () => { item["列举"] = [""]; ctx.rebuilt(); } }));
    }
    if (kind === "标题段" && !(item["下级"] || []).length) {
      body.append(el("button", { type: "button", className: "small", text: "＋ 加下级条目",
        onclick: () => { item["下级"] = [newItem("段落")]; ctx.rebuilt(); } }));
    }
    li.append(body);
    if (kind === "标题" || (item["下级"] || []).length) {
      const children = el("div", { className: "children" });
      item["下级"] = item["下级"] || [];
      render(item["下级"], children, `${itemPath}/下级`, level + 1, ctx, list, index);
      li.append(children);
    }
    return li;
  }

  // A table's title, header rows, rows and note as a grid of inputs; rows and columns added and removed.
  function tableEditor(table, path, ctx) {
    table["表头"] = table["表头"] || [];
    table["行"] = table["行"] || [];
    const width = Math.max(1, ...table["表头"].map((r) => r.length), ...table["行"].map((r) => r.length));
    const box = el("div", { className: "table-editor", "data-path": path });
    box.append(ctx.area(false, `${path}/标题`, table["标题"] || "", "表格标题（可不写）", (v) => { table["标题"] = v; }));
    const grid = el("table", { className: "grid-edit" });
    const addRowCells = (tr, row, rowPath) => {
      for (let c = 0; c < width; c++) {
        if (row.length <= c) row.push("");
        tr.append(el("td", {}, ctx.area(false, `${rowPath}/${c}`, row[c], "", (v) => { row[c] = v; })));
      }
    };
    table["表头"].forEach((row, r) => {
      const tr = el("tr", { className: "header-row", "data-path": `${path}/表头/${r}` });
      addRowCells(tr, row, `${path}/表头/${r}`);
      tr.append(el("td", {}, el("button", { type: "button", className: "small danger", title: "删除这一行表头", text: "×",
        onclick: () => { table["表头"].splice(r, 1); ctx.rebuilt(); } })));
      grid.append(tr);
    });
    table["行"].forEach((row, r) => {
      const tr = el("tr", { "data-path": `${path}/行/${r}` });
      addRowCells(tr, row, `${path}/行/${r}`);
      tr.append(el("td", {}, el("button", { type: "button", className: "small danger", title: "删除这一行", text: "×",
        onclick: () => { table["行"].splice(r, 1); ctx.rebuilt(); } })));
      grid.append(tr);
    });
    box.append(grid);
    const everyRow = () => table["表头"].concat(table["行"]);
    box.append(el("div", { className: "table-tools" },
      el("button", { type: "button", className: "small", "data-role": "add-row", text: "＋ 加一行",
        onclick: () => { table["行"].push(Array(width).fill("")); ctx.rebuilt(); } }),
      el("button", { type: "button", className: "small", "data-role": "add-column", text: "＋ 加一列",
        onclick: () => { everyRow().forEach((row) => row.push("")); ctx.rebuilt(); } }),
      el("button", { type: "button", className: "small", "data-role": "remove-column", text: "－ 删最后一列", disabled: width <= 1,
        onclick: () => { everyRow().forEach((row) => row.splice(width - 1, 1)); ctx.rebuilt(); } }),
      el("button", { type: "button", className: "small", "data-role": "add-header", text: "＋ 加一行表头",
        onclick: () => { table["表头"].push(Array(width).fill("")); ctx.rebuilt(); } })));
    box.append(ctx.area(false, `${path}/注`, table["注"] || "", "表注（可不写）", (v) => { table["注"] = v; }));
    box.append(el("div", { className: "doc", text: "列宽、对齐、合并单元格请在文本编辑器里写；这里改的是文字。" }));
    return box;
  }

  // A 指标表: its title, which figures it lists (all, when none are ticked) and which columns, in their fixed order.
  function figuresTableEditor(table, path, ctx) {
    table["指标"] = table["指标"] || [];
    table["列"] = table["列"] || [];
    const box = el("div", { className: "table-editor", "data-path": path });
    box.append(ctx.area(false, `${path}/标题`, table["标题"] || "", "表格标题（可不写）", (v) => { table["标题"] = v; }));
    const choices = (label, names, chosen, onChange, role) => {
      const group = el("div", { className: "choices", "data-role": role }, el("span", { className: "doc", text: label }));
      for (const name of names) {
        group.append(el("label", { className: "choice" }, el("input", { type: "checkbox", value: name, checked: chosen.includes(name),
          onchange: (event) => { onChange(name, event.target.checked); ctx.rebuilt(); } }), name));
      }
      return group;
    };
    const figures = [...new Set(ctx.figureNames().concat(table["指标"]))];
    box.append(choices(table["指标"].length ? "列出的指标：" : "列出的指标（都不勾＝全部）：", figures, table["指标"], (name, on) => {
      table["指标"] = on ? figures.filter((n) => n === name || table["指标"].includes(n)) : table["指标"].filter((n) => n !== name);
    }, "figures"));
    const columns = table["列"].length ? table["列"] : DEFAULT_COLUMNS;
    box.append(choices("列：", ctx.figureColumns, columns, (name, on) => {
      const current = table["列"].length ? table["列"] : DEFAULT_COLUMNS.slice();
      table["列"] = on ? ctx.figureColumns.filter((c) => c === name || current.includes(c)) : current.filter((c) => c !== name);
    }, "columns"));
    box.append(el("div", { className: "doc", text: "本期、上期、增减、环比、同比都由工具按“指标”算出；没有上期或去年同期数时印“—”。" }));
    return box;
  }

  function enumeration(item, itemPath, ctx) {
    const box = el("div", { className: "enumeration", "data-path": `${itemPath}/列举` });
    item["列举"].forEach((entry, j) => {
      const row = el("div", { className: "enum-row" }, el("span", { className: "enum-label", text: chinese(j + 1) + "是" }));
      row.append(ctx.area(false, `${itemPath}/列举/${j}`, entry, "列举项", (value) => { item["列举"][j] = value; }));
      row.append(el("button", { type: "button", className: "small danger", title: "删除这一项", text: "×",
        onclick: () => { item["列举"].splice(j, 1); ctx.rebuilt(); } }));
      box.append(row);
    });
    box.append(el("button", { type: "button", className: "small", text: "＋ 加一项", onclick: () => { item["列举"].push(""); ctx.rebuilt(); } }));
    const separate = el("label", { className: "small" }, el("input", { type: "checkbox", checked: !!item["分段"],
      onchange: (event) => { item["分段"] = event.target.checked; ctx.changed(); } }), "每项各占一段");
    box.append(separate);
    return box;
  }

  return { render, kindOf, chinese };
})();
