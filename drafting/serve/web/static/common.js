// Shared by the pages of draft serve: requests that carry the session token, messages, downloads.
"use strict";

const draft = (() => {
  const token = document.querySelector('meta[name="draft-token"]').content;
  const base = document.querySelector('meta[name="draft-base"]').content;  // "" for draft serve, "/s/12" when mounted

  // A path of the server's ("/api/save", "/form/…", "/download/…") as this page reaches it: under the page's base.
  function url(path) {
    return base + path;
  }

  async function post(url, body) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Draft-Token": token },
        body: JSON.stringify(body, (key, value) => (key.startsWith("_") ? undefined : value)),
      });
    } catch (error) {
      return { status: 0, data: { error: "连不上 draft serve：它可能已经停止", hint: "在命令行重新运行 draft serve，再刷新页面", lines: [] } };
    }
    let data;
    try {
      data = await response.json();
    } catch (error) {
      data = { error: "draft serve 的回答无法读取", hint: "刷新页面后再试", lines: [] };
    }
    return { status: response.status, data };
  }

  // A name in the folder as a URL path: each part quoted whole (“:”, “#”, “?”, a line break), the “/” kept.
  function pathURL(name) {
    return name.split("/").map(encodeURIComponent).join("/");
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // A CLI headline "/path/form.yaml:11:5: 错误[C103]：…" as the page says it: "form.yaml 第11行：错误[C103]：…".
  const HEADLINE = /^(.+?)(?::(\d+))?(?::\d+)?: (?=(?:错误|警告|提示)(?:\[[A-Z]\d+\])?：)/;

  function spoken(line) {
    return line.replace(HEADLINE, (_, file, row) => `${file.split("/").pop()}${row ? ` 第${row}行` : ""}：`);
  }

  // The CLI's lines as the page shows them: messages and hints, not the excerpts of YAML with their "^" markers.
  function lines(data) {
    if (data.lines && data.lines.length) return data.lines.filter((line) => !/^ {4}/.test(line) || /^ {4}提示：/.test(line)).map(spoken);
    if (data.error) return [data.error + (data.hint ? "\n    提示：" + data.hint : "")];
    return [];
  }

  function say(data, failed) {
    const box = document.getElementById("messages");
    box.replaceChildren(el("pre", { className: failed ? "failed" : "done", text: lines(data).join("\n") }));
    for (const name of data.downloads || []) {
      box.append(el("a", { href: url("/download/" + pathURL(name)), className: "download", download: name.split("/").pop(), text: "下载 " + name }));
    }
    const notice = document.getElementById("notice");
    if (notice && (data.downloads || []).length) notice.hidden = true;  // a notice never covers the links
    box.scrollIntoView({ block: "nearest" });
  }

  function download(name) {
    const link = el("a", { href: url("/download/" + pathURL(name)), download: name.split("/").pop() });
    document.body.append(link);
    link.click();
    link.remove();
  }

  return { post, el, say, download, lines, pathURL, url, base };
})();
