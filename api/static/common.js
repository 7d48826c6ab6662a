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

  const KINDS = {
    recommendation: "Recommendation", area_for_improvement: "Area for improvement",
    cause_of_concern: "Cause of concern", super_complaint: "Super-complaint",
  };
  const SHORT_KINDS = {
    recommendation: "Rec", area_for_improvement: "AFI", cause_of_concern: "CoC",
    super_complaint: "SC",
  };
  const kindLabel = (kind, number) => (KINDS[kind] || kind) + (number ? " " + number : "");

  function formatDate(iso) {
    if (!iso) return "";
    const date = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    if (Number.isNaN(date.getTime())) return iso;
    const options = { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
    if (iso.length > 10) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
    return date.toLocaleString("en-GB", options);
  }

  function vocabulary() {
    const node = document.getElementById("vocabulary");
    return node ? JSON.parse(node.textContent) : { addressees: [], paf_areas: [] };
  }

  function typingInField(event) {
    const target = event.target;
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const logout = document.getElementById("logout");
    if (logout) {
      logout.addEventListener("click", async () => {
        try { await api("DELETE", "/api/session"); } catch (err) { /* logged out anyway */ }
        window.location.assign("/login");
      });
    }
  });

  return { api, ApiError, notice, el, kindLabel, KINDS, SHORT_KINDS, formatDate, vocabulary,
           typingInField };
})();
