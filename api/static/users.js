// Users and roles, for admins.
"use strict";

(() => {
  const { api, el, notice } = hmic;
  let roles = [];

  function row(user, me) {
    const roleId = `role-${user.name}`;
    const select = el("select", { id: roleId, disabled: user.name === me },
      ...roles.map((r) => el("option", { value: r, selected: r === user.role }, r)));
    select.addEventListener("change", () => change(user.name, { role: select.value }));
    const toggle = el("button", { type: "button", disabled: user.name === me,
                                  "aria-label": `${user.active ? "Disable" : "Enable"} ${user.name}` },
      user.active ? "Disable" : "Enable");
    toggle.addEventListener("click", () => change(user.name, { active: !user.active }));
    return el("tr", { "data-name": user.name },
      el("td", {}, user.name),
      el("td", {}, el("label", { for: roleId, class: "visually-hidden" }, `Role of ${user.name}`), select),
      el("td", {}, user.active ? "yes" : "no"),
      el("td", {}, toggle));
  }

  async function load() {
    const table = document.getElementById("users-table");
    try {
      const data = await api("GET", "/api/users");
      table.querySelector("tbody").replaceChildren(...data.users.map((u) => row(u, table.dataset.me)));
    } catch (err) {
      notice(err.message, "error");
    }
  }

  async function change(name, body) {
    try {
      await api("PATCH", `/api/users/${encodeURIComponent(name)}`, body);
      notice(`${name} updated.`);
    } catch (err) {
      notice(err.message, "error");
    }
    load();
  }

  document.addEventListener("DOMContentLoaded", () => {
    roles = [...document.getElementById("new-role").options].map((o) => o.value);
    const form = document.getElementById("add-user");
    const problem = document.getElementById("add-user-error");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      problem.hidden = true;
      const name = document.getElementById("new-name").value.trim();
      try {
        await api("POST", "/api/users", { name, role: document.getElementById("new-role").value,
                                          password: document.getElementById("new-password").value });
        notice(`${name} added.`);
        form.reset();
        load();
      } catch (err) {
        problem.textContent = err.message;
        problem.hidden = false;
      }
    });
    load();
  });
})();
