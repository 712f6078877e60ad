// The home page: open a form, make one from a template, make next period's, build several.
"use strict";

(() => {
  const { post, say } = draft;
  const all = document.getElementById("pick-all");
  if (all) all.addEventListener("change", () => document.querySelectorAll(".pick").forEach((box) => { box.checked = all.checked; }));

  document.getElementById("new-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const template = document.getElementById("new-template").value;
    const name = document.getElementById("new-name").value.trim();
    const { status, data } = await post(draft.url("/api/new"), { template, name });
    if (status === 200 && data.opened) window.location.href = draft.url("/form/" + draft.pathURL(data.opened));
    else say(data, true);
  });

  document.querySelectorAll("button.next").forEach((button) => button.addEventListener("click", async () => {
    const { status, data } = await post(draft.url("/api/next"), { name: button.dataset.name });
    say(data, status !== 200);
    if (status === 200 && data.opened) {
      const link = draft.el("a", { href: draft.url("/form/" + draft.pathURL(data.opened)), text: "打开 " + data.opened });
      document.getElementById("messages").append(link);
    }
  }));

  const build = document.getElementById("build-picked");
  if (build) build.addEventListener("click", async () => {
    const names = [...document.querySelectorAll(".pick:checked")].map((box) => box.value);
    if (!names.length) { say({ lines: ["先勾选要生成的表单"] }, true); return; }
    build.disabled = true;
    const { status, data } = await post(draft.url("/api/build"), { names });
    build.disabled = false;
    say(data, status !== 200 || data.failed);
  });
})();
