// The form page's “生成审核稿”: save first (as “生成 Word 文稿” does), then download the copy with the findings as comments.
"use strict";

(() => {
  const button = document.getElementById("annotate");
  if (!button) return;
  button.addEventListener("click", async () => {
    const form = window.draftFormPage;
    if (!form || !(await form.saved())) return;
    const status = document.getElementById("status");
    button.disabled = true;
    status.textContent = "正在生成审核稿…";
    const { status: code, data } = await draft.post(draft.url("/api/annotate"), { name: form.name });
    button.disabled = false;
    status.textContent = "";
    draft.say(data, code !== 200 || data.failed);
    const wanted = (data.downloads || []).filter((name) => name.endsWith(".docx"));
    if (code === 200 && wanted.length) draft.download(wanted[0]);
  });
})();
