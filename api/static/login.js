"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("login-form");
  const problem = document.getElementById("login-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problem.hidden = true;
    const name = form.elements.name.value.trim();
    const password = form.elements.password.value;
    if (!name || !password) {
      problem.textContent = "Enter your name and password.";
      problem.hidden = false;
      return;
    }
    try {
      const response = await fetch("/api/session", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ name, password }),
      });
      if (!response.ok) {
        const data = await response.json().catch(() => null);
        problem.textContent = response.status === 401
          ? "The name or password is wrong, or the account is disabled."
          : ((data && data.error && data.error.message) || "Logging in failed.");
        problem.hidden = false;
        return;
      }
      window.location.assign(form.dataset.next || "/");
    } catch (err) {
      problem.textContent = "The service cannot be reached; check the connection.";
      problem.hidden = false;
    }
  });
});
