// The form page's “与上期对照”: the saved form against its 上期 as a Word 对照稿 (修订), downloaded.
"use strict";

(() => {
  const button = document.getElementById("diff-previous");
  if (!button) return;
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const status = document.getElementById("status");
  const named = () => {
    const field = document.querySelector('[data-field="上期"] select');
    const value = field ? field.value : page.state["上期"];
    return typeof value === "string" && value.trim() !== "";
  };
  function update() {
    const has = named();
    button.disabled = !has;
    button.title = has ? "下载 Word 对照稿：与“上期”表单相比改了哪些地方，以修订显示"
      : "这份表单没有写“上期”，不能与上期对照：在“上期”一栏写上上一期的表单，保存后再点";
  }
  button.addEventListener("click", async () => {
    if (document.getElementById("status").textContent === "有未保存的修改") {
      draft.say({ lines: ["请先保存表单：对照的是保存在文件里的这一版"] }, true);
      return;
    }
    button.disabled = true;
    status.textContent = "正在对照…";
    const { status: code, data } = await draft.post(draft.url("/api/diff-previous"), { name: page.name });
    status.textContent = "";
    update();
    draft.say(data, code !== 200 || data.failed);
    const wanted = (data.downloads || []).filter((n) => n.endsWith(".docx"));
    if (code === 200 && wanted.length) draft.download(wanted[0]);
  });
  document.addEventListener("input", update);
  document.addEventListener("change", update);
  update();
})();
