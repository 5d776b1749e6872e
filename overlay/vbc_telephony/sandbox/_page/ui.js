// The sandbox's page: the state arrives as Server-Sent Events (GET /_sandbox/events);
// every action is a request a test could send, to the control API or to the API itself.
// Elements are updated in place, not rebuilt, so that keyboard focus survives an update.
"use strict";

const API = document.body.dataset.apiPrefix + "/cc/accounts/self";
const CONTROL = document.body.dataset.controlPrefix;
const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
// How a ringing call ends unconnected (the control API's reject): it takes no action then.
const ENDINGS = new Set(["busy", "unanswered"]);

const $ = (id) => document.getElementById(id);
const callElements = new Map(); // call_id -> its <article>
let clockAhead = 0; // seconds the sandbox's clock runs ahead of this machine's
let token = null; // an access token for the API, from POST /_sandbox/token; never shown
let tokenRenewAt = 0; // when, on the sandbox's clock, to get a new one
// Renewed this long before it expires: the sandbox's clock may be moved meanwhile.
const TOKEN_MARGIN = 60;
let requests = [];
let requestsTotal = 0;

// ---- Talking to the sandbox ----

function say(text, kind = "info") {
  const status = $("status");
  status.textContent = text;
  status.dataset.kind = kind;
}

async function problem(answer) {
  // The spec's Error ({code, message}), the gateway's ({code, message, description}),
  // or anything else the sandbox answered.
  try {
    const body = await answer.json();
    return body.description || body.message || JSON.stringify(body);
  } catch {
    return answer.statusText;
  }
}

async function send(url, method, body, headers = {}) {
  return fetch(url, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body ?? {}),
    cache: "no-store",
  });
}

async function control(method, path, body) {
  return send(CONTROL + path, method, body);
}

async function newToken() {
  const answer = await control("POST", "/token", {});
  if (!answer.ok) throw new Error(await problem(answer));
  const issued = await answer.json();
  tokenRenewAt = sandboxNow() + issued.expires_in - TOKEN_MARGIN;
  return issued.access_token;
}

async function api(method, path, body) {
  // The token is renewed before it expires on the sandbox's clock, which the page follows.
  // A 401 still means it is gone (the sandbox was reset) and that nothing was done: one
  // new token, one more try.
  for (let attempt = 0; ; attempt += 1) {
    if (token === null || sandboxNow() >= tokenRenewAt) token = await newToken();
    const answer = await send(API + path, method, body, { Authorization: "Bearer " + token });
    if (answer.status !== 401 || attempt > 0) return answer;
    token = null;
  }
}

async function act(what, request) {
  try {
    const answer = await request();
    if (answer.ok) say(what);
    else say(`${what}: refused, ${answer.status} ${await problem(answer)}`, "error");
  } catch (error) {
    say(`${what}: failed, ${error.message}`, "error");
  }
}

const callPath = (callId) => "/calls/" + encodeURIComponent(callId);
const legPath = (callId, legId) => callPath(callId) + "/legs/" + encodeURIComponent(legId);

// ---- Building elements ----

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function button(label, onClick, className = "") {
  const node = element("button", { type: "button" }, label);
  if (className) node.className = className;
  node.addEventListener("click", onClick);
  return node;
}

function party(contact) {
  return `${contact.type} ${contact.destination}`;
}

function clockTime(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour12: false });
}

function sandboxNow() {
  return Date.now() / 1000 + clockAhead;
}

function since(seconds) {
  const total = Math.max(0, Math.floor(sandboxNow() - seconds));
  const minutes = Math.floor(total / 60);
  return minutes ? `${minutes} min ${total % 60} s` : `${total} s`;
}

function newCall(callId) {
  const article = element("article", {
    class: "call",
    "data-call-id": callId,
    "aria-label": "Call " + callId,
    tabindex: "-1",
  });
  const parts = {
    status: element("span", { class: "badge" }),
    direction: element("span", { class: "muted" }),
    parties: element("p"),
    started: element("p", { class: "muted" }),
    answer: button("Answer", () => act("Answered " + callId, () =>
      control("POST", callPath(callId) + "/answer")), "primary"),
    busy: button("Busy", () => act("Rejected " + callId + " as busy", () =>
      control("POST", callPath(callId) + "/reject", { state: "busy" }))),
    unanswered: button("No answer", () => act("Left " + callId + " unanswered", () =>
      control("POST", callPath(callId) + "/reject", { state: "unanswered" }))),
    hangUp: button("Hang up", () => act("Hung up " + callId, () =>
      control("POST", callPath(callId) + "/hangup")), "danger"),
    legs: element("ol", { class: "legs", "aria-label": "Legs" }),
    legElements: new Map(),
  };
  article.append(
    element("h3", {}, parts.status, parts.direction, "call ", element("code", {}, callId)),
    parts.parties,
    parts.started,
    element("div", { class: "actions" },
      parts.answer, parts.busy, parts.unanswered, parts.hangUp),
    parts.legs,
  );
  article.parts = parts;
  return article;
}

function newLeg(callId, legId) {
  const item = element("li", { class: "leg", "data-leg-id": legId });
  const keys = DIGITS.map((digit) => {
    const key = button(digit, () => act(`Sent DTMF ${digit} on leg ${legId}`, () =>
      api("PUT", legPath(callId, legId), { dtmf: digit })));
    key.setAttribute("aria-label", "DTMF " + digit);
    return key;
  });
  const parts = {
    status: element("span", { class: "badge" }),
    side: element("span", { class: "muted" }),
    details: element("p", { class: "muted" }),
    hold: button("Hold", () => act("Held leg " + legId, () =>
      api("PUT", legPath(callId, legId), { state: "held" }))),
    unhold: button("Unhold", () => act("Resumed leg " + legId, () =>
      api("PUT", legPath(callId, legId), { state: "active" }))),
    keypad: element("details", { class: "keypad-box" },
      element("summary", {}, "Keypad"),
      element("div", { class: "keypad", role: "group", "aria-label": "DTMF keypad" }, ...keys)),
  };
  item.append(
    element("p", {}, parts.status, " ", parts.side, " ", element("code", {}, legId)),
    parts.details,
    element("div", { class: "actions" }, parts.hold, parts.unhold, parts.keypad),
  );
  item.parts = parts;
  return item;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setStatus(badge, status) {
  setText(badge, status);
  badge.dataset.status = status;
}

// ---- Showing the state ----

// Moving an element blurs whatever has the focus inside it (the Hold button just pressed,
// a call the keyboard is on): an element is moved only when it is out of the sandbox's order.
function placeInOrder(parent, nodes) {
  let next = parent.firstElementChild;
  for (const node of nodes) {
    if (node === next) next = next.nextElementSibling;
    else parent.insertBefore(node, next);
  }
}

function showLeg(callId, parts, leg) {
  let item = parts.legElements.get(leg.leg_id);
  if (!item) {
    item = newLeg(callId, leg.leg_id);
    parts.legElements.set(leg.leg_id, item);
  }
  const legParts = item.parts;
  setStatus(legParts.status, leg.status);
  setText(legParts.side, `${leg.side} ${party(leg.party)} · leg`);
  const extras = [`since ${clockTime(leg.start_time)}`];
  if (leg.dtmf) extras.push(`DTMF sent: ${leg.dtmf}`);
  if (leg.audio) extras.push(`playing ${leg.audio}`);
  if (leg.recordings.length) extras.push(`recorded by ${leg.recordings.join(", ")}`);
  setText(legParts.details, extras.join(" · "));
  // Only what the leg's state allows: a ringing leg, or one that ended, takes no action.
  legParts.hold.hidden = leg.status !== "on-call";
  legParts.unhold.hidden = leg.status !== "held";
  legParts.keypad.hidden = leg.status === "ringing" || ENDINGS.has(leg.status);
  return item;
}

function showCall(call) {
  let article = callElements.get(call.call_id);
  if (!article) {
    article = newCall(call.call_id);
    callElements.set(call.call_id, article);
  }
  const parts = article.parts;
  article.dataset.status = call.status;
  article.dataset.startTime = call.start_time;
  setStatus(parts.status, call.status);
  setText(parts.direction, call.direction);
  setText(parts.parties, `from ${party(call.from)} to ${party(call.to)}`);
  // A ringing call is answered or rejected; any call, an ended one too, can be hung up.
  for (const ringingOnly of [parts.answer, parts.busy, parts.unanswered]) {
    ringingOnly.hidden = call.status !== "ringing";
  }
  const present = new Set(call.legs.map((leg) => leg.leg_id));
  for (const [legId, item] of parts.legElements) {
    if (!present.has(legId)) {
      item.remove();
      parts.legElements.delete(legId);
    }
  }
  placeInOrder(parts.legs, call.legs.map((leg) => showLeg(call.call_id, parts, leg)));
  return article;
}

function showCalls(calls, total) {
  const present = new Set(calls.map((call) => call.call_id));
  for (const [callId, article] of callElements) {
    if (!present.has(callId)) {
      article.remove();
      callElements.delete(callId);
    }
  }
  placeInOrder($("calls"), calls.map(showCall));
  $("no-calls").hidden = calls.length > 0;
  setText($("calls-count"), calls.length < total ? `(latest ${calls.length} of ${total})` : `(${total})`);
  tickTimes();
}

function describeFault(fault) {
  const what = [];
  if (fault.latency_ms) what.push(`delay ${fault.latency_ms} ms`);
  if (fault.drop) what.push("drop the connection");
  else if (fault.status !== null) {
    const retry = fault.retry_after === null ? "" : ` with Retry-After ${fault.retry_after}`;
    what.push(`answer ${fault.status}${retry}`);
  }
  return `${fault.method} ${fault.path}: ${what.join(", then ")} (${fault.left} of ${fault.count} left)`;
}

function showFaults(faults) {
  $("faults").replaceChildren(...faults.map((fault) => element("li", {}, describeFault(fault))));
  $("no-faults").hidden = faults.length > 0;
  $("clear-faults").hidden = faults.length === 0;
  setText($("faults-count"), faults.length ? `(${faults.length})` : "");
}

function showRequests() {
  const filter = $("journal-filter").value.trim().toLowerCase();
  const rows = [];
  for (const entry of requests) {
    const status = entry.status === null ? "dropped" : String(entry.status);
    const text = `${entry.method} ${entry.path} ${status}`.toLowerCase();
    if (filter && !filter.split(/\s+/).every((word) => text.includes(word))) continue;
    const row = element("tr", { "data-failed": String(entry.status === null || entry.status >= 400) },
      element("td", {}, clockTime(entry.time)),
      element("td", {}, entry.method),
      element("td", {}, entry.path),
      element("td", {}, status));
    rows.push(row);
  }
  $("journal").replaceChildren(...rows);
  const shown = requests.length < requestsTotal ? `latest ${requests.length} of ${requestsTotal}` : `${requestsTotal}`;
  setText($("journal-count"), filter ? `(${rows.length} matching, ${shown})` : `(${shown})`);
}

function show(state) {
  // An update may hide the focused button (Answer, once answered): focus its call instead,
  // or the list, so that a keyboard user is not sent back to the top of the page.
  const focused = document.activeElement;
  clockAhead = state.clock.ahead;
  showCalls(state.calls, state.calls_total);
  showFaults(state.faults);
  requests = state.requests;
  requestsTotal = state.requests_total;
  showRequests();
  tickClock();
  if (focused && focused !== document.body && !focused.checkVisibility()) {
    const call = focused.closest("[data-call-id]");
    (call && call.isConnected ? call : $("calls-title")).focus();
  }
}

function tickClock() {
  setText($("clock"), new Date(sandboxNow() * 1000).toLocaleString([], { hour12: false }));
  setText($("clock-ahead"), clockAhead > 0 ? `(+${Math.round(clockAhead)} s)` : "");
}

function tickTimes() {
  for (const article of callElements.values()) {
    const start = Number(article.dataset.startTime);
    setText(article.parts.started, `started ${clockTime(start)}, ${since(start)} ago`);
  }
}

function connection(live, text) {
  const node = $("connection");
  node.dataset.live = live;
  setText(node, text);
}

// ---- Wiring ----

function number(id) {
  const value = $(id).value.trim();
  return value === "" ? null : Number(value);
}

function onSubmit(id, handler) {
  $(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handler();
  });
}

function wire() {
  $("reset").addEventListener("click", () => act("Reset the sandbox", () => control("POST", "/reset")));
  $("clear-faults").addEventListener("click", () => act("Cleared the faults", () => control("DELETE", "/faults")));
  $("journal-filter").addEventListener("input", showRequests);
  onSubmit("ring-form", () => {
    const body = {
      from: { type: $("ring-from-type").value, destination: $("ring-from").value.trim() },
      to: { type: $("ring-to-type").value, destination: $("ring-to").value.trim() },
    };
    act(`Ringing ${body.to.type} ${body.to.destination}`, () => control("POST", "/calls", body));
  });
  onSubmit("fault-form", () => {
    const body = {
      method: $("fault-method").value,
      path: $("fault-path").value.trim(),
      status: number("fault-status"),
      retry_after: number("fault-retry-after"),
      count: number("fault-count") ?? 1,
      latency_ms: number("fault-latency") ?? 0,
      drop: $("fault-drop").checked,
    };
    act(`Set a fault on ${body.method} ${body.path}`, () => control("POST", "/faults", body));
  });
  onSubmit("clock-form", () => {
    const seconds = number("clock-advance") ?? 0;
    act(`Moved the clock ${seconds} s on`, () => control("POST", "/clock", { advance: seconds }));
  });

  const events = new EventSource(CONTROL + "/events");
  events.addEventListener("open", () => connection("true", "Live"));
  events.addEventListener("error", () => connection("false", "Reconnecting…"));
  events.addEventListener("state", (event) => show(JSON.parse(event.data)));
  events.addEventListener("stopping", () => {
    // Retrying a stopped sandbox would only fill the console: reload once it runs again.
    events.close();
    connection("stopped", "The sandbox stopped: reload this page once it runs again");
  });
  setInterval(() => {
    tickClock();
    tickTimes();
  }, 1000);
}

wire();
