/**
 * The runs view: one static page that renders from the JSON API and refreshes every second.
 * `/` lists runs; `/runs/:id` shows one run's trigger event, steps (timing, output, error), history,
 * and cancel / replay actions. All values are rendered with textContent (no HTML injection).
 */
const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f8}
header{background:#1d1d1f;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:16px 20px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e5ea;vertical-align:top}
th{font-size:12px;color:#6e6e73;text-transform:uppercase}
tr.link{cursor:pointer} tr.link:hover{background:#f0f0f5}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.queued{background:#e5e5ea}.running,.planned,.sleeping,.waiting,.invoking,.retrying{background:#d6e4ff;color:#0040a8}
.completed{background:#d4f5dc;color:#0a6b25}.failed{background:#ffdcdc;color:#a10000}.cancelled{background:#fff1c2;color:#7a5a00}
pre{margin:0;white-space:pre-wrap;word-break:break-all;max-height:240px;overflow:auto;font-size:12px;background:#fafafa;padding:4px}
button{margin-right:8px;padding:4px 12px;cursor:pointer}
.muted{color:#6e6e73;font-size:12px} h2{margin:8px 0} section{margin-bottom:20px}
`;

const SCRIPT = `
const $ = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === "class" ? (el.className = v) : k.startsWith("on") ? (el[k] = v) : el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return el;
};
const badge = (s) => $("span", { class: "badge " + s }, s);
const json = (v) => $("pre", {}, v === undefined || v === null ? "" : JSON.stringify(v, null, 2));
const time = (t) => (t ? new Date(t).toLocaleTimeString() : "");
const dur = (a, b) => (a ? ((b ? new Date(b) : new Date()) - new Date(a)) + " ms" : "");
const root = document.getElementById("root");
const runId = location.pathname.startsWith("/runs/") ? decodeURIComponent(location.pathname.slice(6)) : null;

async function api(path, opts) { const r = await fetch(path, opts); return r.json(); }

async function renderList() {
  const filter = new URLSearchParams(location.search);
  const { data } = await api("/v1/runs?" + filter.toString());
  const rows = data.map((r) =>
    $("tr", { class: "link", onclick: () => (location.href = "/runs/" + encodeURIComponent(r.id)) },
      $("td", {}, badge(r.status)), $("td", {}, r.function_name || r.function_id), $("td", {}, r.event_name),
      $("td", { class: "muted" }, r.id), $("td", {}, time(r.created_at)), $("td", {}, dur(r.started_at, r.ended_at)), $("td", {}, r.step_count)));
  root.replaceChildren($("h2", {}, "Runs"),
    $("table", {}, $("tr", {}, ...["status", "function", "trigger", "run id", "created", "duration", "steps"].map((h) => $("th", {}, h))), ...rows));
}

async function act(action) {
  const res = await api("/v1/runs/" + encodeURIComponent(runId) + "/" + action, { method: "POST" });
  if (res.run_id) location.href = "/runs/" + encodeURIComponent(res.run_id); else render();
}

async function renderRun() {
  const res = await api("/v1/runs/" + encodeURIComponent(runId));
  if (!res.data) { root.replaceChildren($("p", {}, "Run not found")); return; }
  const r = res.data;
  const active = r.status === "queued" || r.status === "running";
  const steps = r.steps.map((s) => $("tr", {},
    $("td", {}, badge(s.status)), $("td", {}, s.display_name || s.name || s.id, $("div", { class: "muted" }, s.op + " " + s.id)),
    $("td", {}, time(s.started_at)), $("td", {}, dur(s.started_at, s.ended_at)), $("td", {}, s.attempts),
    $("td", {}, json(s.output)), $("td", {}, json(s.error))));
  const hist = r.history.map((h) => $("tr", {}, $("td", {}, time(h.at)), $("td", {}, h.type), $("td", { class: "muted" }, h.step_id || ""), $("td", {}, h.attempt ?? ""), $("td", {}, json(h.detail))));
  root.replaceChildren(
    $("p", {}, $("a", { href: "/" }, "← all runs")),
    $("h2", {}, r.function_name || r.function_id, " ", badge(r.status)),
    $("p", { class: "muted" }, "run " + r.id + " · created " + time(r.created_at) + " · " + dur(r.started_at, r.ended_at) + (r.replay_of ? " · replay of " + r.replay_of : "") + (r.cancel_reason ? " · " + r.cancel_reason : "")),
    $("p", {}, active ? $("button", { onclick: () => act("cancel") }, "Cancel") : "", $("button", { onclick: () => act("replay") }, "Replay")),
    $("section", {}, $("h3", {}, "Trigger event"), json(r.event)),
    $("section", {}, $("h3", {}, "Steps"), $("table", {}, $("tr", {}, ...["status", "step", "started", "duration", "attempts", "output", "error"].map((h) => $("th", {}, h))), ...steps)),
    $("section", {}, $("h3", {}, "Output / error"), json(r.error ?? r.output)),
    $("section", {}, $("h3", {}, "History"), $("table", {}, ...hist)));
}

async function render() { try { await (runId ? renderRun() : renderList()); } catch (e) { console.error(e); } }
render();
setInterval(render, 1000);
`;

export function runsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inngest runner · runs</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><header><a href="/">Local Inngest runner</a><span class="muted">runs · refreshes every second</span></header>
<main id="root">Loading…</main><script>${SCRIPT}</script></body></html>`;
}
