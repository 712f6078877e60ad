// 导入修改稿 on the form page: a .docx the leader edited in Word, chosen with the file picker, planned by the server
// into a change list (one row per change, ticked by default, grouped by form path; 冲突 shown but never tickable),
// re-planned when 拒绝修订 is ticked, and the ticked changes saved into the form with the page's version check.
"use strict";

const mergeDocx = (() => {
  const { el, lines } = draft;
  const token = document.querySelector('meta[name="draft-token"]').content;
  const NOTES = { "冲突": "不能自动合并：对照修改稿在表单里手改", "修订": "" };

  // The edited file sent as it is (it is never written into the folder), the rest in the query.
  async function send(url, query, file) {
    try {
      const response = await fetch(url + "?" + new URLSearchParams(query), { method: "POST", body: file,
        headers: { "Content-Type": "application/octet-stream", "X-Draft-Token": token } });
      try { return { status: response.status, data: await response.json() }; } catch (error) {
        return { status: response.status, data: { error: "draft serve 的回答无法读取", hint: "刷新页面后再试", lines: [] } };
      }
    } catch (error) {
      return { status: 0, data: { error: "没有导入：连不上 draft serve，或文件读不出来", hint: "确认 draft serve 还在运行，再选一次", lines: [] } };
    }
  }

  // ``hooks``: name (the form), version() (the version the page holds), ready() (unsaved edits saved first: false
  // stops), merged(data) (the page takes the merged form's fields), say(data, failed), ask(text, buttons), reload().
  function attach(hooks) {
    const picker = document.getElementById("merge-file");
    const panel = document.getElementById("merge");
    const list = document.getElementById("merge-list");
    const said = document.getElementById("merge-said");
    const reject = document.getElementById("merge-reject");
    const saveButton = document.getElementById("merge-save");
    const count = document.getElementById("merge-count");
    let file = null;
    let listed = null;

    picker.addEventListener("change", async () => {
      const chosen = picker.files[0];
      picker.value = "";
      if (!chosen || !(await hooks.ready())) return;
      file = chosen;
      reject.checked = false;
      await plan();
    });
    reject.addEventListener("change", () => plan());
    document.getElementById("merge-cancel").addEventListener("click", close);
    document.getElementById("merge-all").addEventListener("click", () => tickAll(true));
    document.getElementById("merge-none").addEventListener("click", () => tickAll(false));
    saveButton.addEventListener("click", save);
    panel.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });

    function close() { panel.hidden = true; listed = null; asked++; }

    let asked = 0;  // the latest plan asked for: an earlier answer (拒绝修订 ticked meanwhile, or cancelled) is dropped

    async function plan() {
      const mine = ++asked;
      busy(`正在读取“${file.name}”…`);
      const { status, data } = await send(draft.url("/api/merge/plan"), { form: hooks.name, version: hooks.version(), file: file.name,
        reject: reject.checked ? "1" : "0" }, file);
      if (mine !== asked) return;
      if (status === 409) { close(); await stale(data); return; }
      if (status !== 200 && !(status === 422 && data.refused)) { close(); hooks.say(data, true); return; }
      listed = data;
      show(data);
    }

    function busy(text) {
      said.replaceChildren(el("pre", { text }));
      list.replaceChildren();
      saveButton.disabled = true;
      panel.hidden = false;
    }

    function show(data) {
      document.getElementById("merge-title").textContent = `修改稿“${data.file}”的改动`;
      const spoken = lines(data);
      said.replaceChildren(...(spoken.length ? [el("pre", { className: data.refused ? "failed" : "", text: spoken.join("\n") })] : []));
      list.replaceChildren(...data.groups.map(group));
      list.hidden = !data.groups.length;
      document.querySelectorAll("#merge .merge-buttons .small").forEach((button) => { button.disabled = !data.choosable; });
      counted();
      saveButton.focus();
    }

    function group(entry) {
      const where = entry.line ? `表单第${entry.line}行` : "";
      return el("section", { className: "merge-group", "data-path": entry.path },
        el("h3", {}, entry.label, el("span", { className: "where", text: where })), ...entry.changes.map(row));
    }

    function row(change) {
      const note = change.kind === "修订" ? (listed && listed.reject ? "已按修订前的文字读出" : "已按修订后的文字读出") : NOTES[change.kind] || "";
      const text = el("span", { className: "text", text: change.text }, note ? el("span", { className: "note", text: note }) : null);
      const kind = el("span", { className: "kind", text: change.kind });
      if (!change.choosable) {
        return el("div", { className: `merge-row kind-${change.kind}`, "data-id": change.id }, el("span", { className: "no-tick" }), kind, text);
      }
      const box = el("input", { type: "checkbox", checked: true, "data-id": change.id, "aria-label": `合并第${change.id}处改动` });
      const line = el("label", { className: `merge-row kind-${change.kind}`, "data-id": change.id }, box, kind, text);
      box.addEventListener("change", () => { line.classList.toggle("unticked", !box.checked); counted(); });
      return line;
    }

    function ticks() { return [...list.querySelectorAll('input[type="checkbox"]')]; }

    function tickAll(on) {
      for (const box of ticks()) { box.checked = on; box.closest(".merge-row").classList.toggle("unticked", !on); }
      counted();
    }

    function counted() {
      const boxes = ticks();
      const on = boxes.filter((box) => box.checked).length;
      const conflicts = listed ? listed.groups.flatMap((g) => g.changes).filter((c) => c.kind === "冲突").length : 0;
      count.textContent = listed && listed.refused ? "没有可合并的改动" :
        `已选 ${on} / ${boxes.length} 处` + (conflicts ? `，${conflicts} 处冲突不合并` : "");
      saveButton.disabled = !listed || listed.refused || !on;
    }

    async function save() {
      if (!listed || !file) return;
      const accepted = ticks().filter((box) => box.checked).map((box) => box.dataset.id);
      saveButton.disabled = true;
      const { status, data } = await send(draft.url("/api/merge/save"), { form: hooks.name, version: hooks.version(), file: file.name,
        reject: listed.reject ? "1" : "0", fingerprint: listed.fingerprint, accept: accepted.join(",") }, file);
      if (status === 409) { close(); await stale(data); return; }
      close();
      if (status !== 200) { hooks.say(data, true); return; }
      if (data.merged) hooks.merged(data);
      hooks.say(data, data.failed);
    }

    // The form changed on disk (or the list did): offer to reload, as a refused save does.
    async function stale(data) {
      const choice = await hooks.ask([data.error, data.hint].filter(Boolean),
        [["重新载入（再导入一次修改稿）", "reload"], ["取消", "cancel"]]);
      if (choice === "reload") hooks.reload();
    }
  }

  return { attach };
})();
