// 提交 on a form page a collecting server mounts (the county's): unsaved edits saved first, then the server's
// submit URL (the button's data-url) posted with the session token; its answer said, the page reloaded on success.
"use strict";

(() => {
  const button = document.getElementById("submit-form");
  if (!button) return;
  const RELOAD_MS = 1200;  // long enough to read "已提交", then the page shows the form's new state

  button.addEventListener("click", async () => {
    const page = window.draftFormPage;
    if (page && !(await page.saved())) return;  // a refused or cancelled save: nothing is submitted
    button.disabled = true;
    const { status, data } = await draft.post(button.dataset.url, {});
    const failed = status !== 200 || Boolean(data.failed);
    draft.say(data, failed);
    if (failed) { button.disabled = false; return; }
    document.body.dataset.submitted = "1";
    setTimeout(() => window.location.reload(), RELOAD_MS);
  });
})();
