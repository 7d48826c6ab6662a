// Shared by every page: calling the API with the login cookie, notices, small helpers.
"use strict";

const hmic = (() => {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  class ApiError extends Error {
    constructor(status, code, message, body) {
      super(message);
      this.status = status;
      this.code = code;
      this.body = body;
    }
  }

  // Call the JSON API. Throws ApiError with the API's one-line message on failure.
  async function api(method, path, body, headers = {}) {
    const options = { method, headers: { Accept: "application/json", ...headers },
                      credentials: "same-origin" };
    if (method !== "GET") options.headers["X-CSRF-Token"] = csrf();
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      throw new ApiError(0, "network", "the service cannot be reached; check the connection");
    }
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    if (!response.ok) {
      if (response.status === 401) {
        window.location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
      }
      const error = (data && data.error) || {};
      throw new ApiError(response.status, error.code || "error",
                         error.message || `the request failed (${response.status})`, data);
    }
    return data;
  }

  let noticeTimer = null;
  function notice(message, kind = "info") {
    const box = document.getElementById("notice");
    box.textContent = message;
    box.className = "notice " + kind;
    box.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { box.hidden = true; }, kind === "error" ? 8000 : 4000);
  }

  // Build an element: el("td", {class: "x"}, "text", child...)
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // The page's vocabulary block (api/pages.py): the labels people read, from the server's
  // vocabulary (hmic_actions.vocab), and on some pages addressee and PAF area names.
  let vocabularyBlock = null;
  function vocabulary() {
    if (vocabularyBlock === null) {
      const node = document.getElementById("vocabulary");
      vocabularyBlock = node ? JSON.parse(node.textContent) : {};
    }
    return { addressees: [], paf_areas: [], labels: {}, ...vocabularyBlock };
  }

  // The label of a value in one of the vocabulary's lists ("kinds", "kind_tags", "statuses",
  // "scopes", "confidences"); the value itself when it has none.
  const label = (list, value) => (vocabulary().labels[list] || {})[value] || value;
  const kindLabel = (kind, number) => label("kinds", kind) + (number ? " " + number : "");
  const kindTag = (kind) => label("kind_tags", kind);

  function formatDate(iso) {
    if (!iso) return "";
    const date = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    if (Number.isNaN(date.getTime())) return iso;
    const options = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    if (iso.length > 10) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
    return date.toLocaleString("en-GB", options);
  }

  function typingInField(event) {
    const target = event.target;
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  // A notice for the page a person is sent to next (e.g. after deleting what they were on).
  const NEXT_NOTICE = "hmic-notice";
  function noticeNextPage(message) {
    try { sessionStorage.setItem(NEXT_NOTICE, message); } catch (err) { /* no storage: no notice */ }
  }

  document.addEventListener("DOMContentLoaded", () => {
    let waiting = null;
    try {
      waiting = sessionStorage.getItem(NEXT_NOTICE);
      sessionStorage.removeItem(NEXT_NOTICE);
    } catch (err) { waiting = null; }
    if (waiting) notice(waiting);
    const logout = document.getElementById("logout");
    if (logout) {
      logout.addEventListener("click", async () => {
        try { await api("DELETE", "/api/session"); } catch (err) { /* logged out anyway */ }
        window.location.assign("/login");
      });
    }
  });

  return { api, ApiError, notice, noticeNextPage, el, label, kindLabel, kindTag, formatDate,
           vocabulary, typingInField };
})();
