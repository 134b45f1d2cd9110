// The delivery day: each woman's row is saved without reloading the page. The server
// answers with her row drawn again (saved, or with its errors); the next row gets the
// focus. Without this file every row is an ordinary form that saves and reloads.
(function () {
  "use strict";
  var status = document.getElementById("day-status");

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function firstInput(form) {
    return form.querySelector("input:not([type=hidden]), select");
  }

  function nextRow(form) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("form[data-day-row]"));
    var i = rows.indexOf(form);
    for (var j = i + 1; j < rows.length; j++) {
      if (firstInput(rows[j])) { return rows[j]; }
    }
    return null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-day-row]")) { return; }
    event.preventDefault();
    if (form.dataset.busy) { return; }  // a second Enter while the first is on its way
    form.dataset.busy = "1";
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      var holder = document.createElement("div");
      holder.innerHTML = data.html;
      var fresh = holder.querySelector("form[data-day-row]");
      var next = data.ok ? nextRow(form) : null;
      form.replaceWith(fresh);
      if (data.ok) {
        say(data.message);
        var target = next ? firstInput(next) : null;
        if (target) { target.focus(); } else { fresh.scrollIntoView(); }
      } else {
        say((data.errors || []).join(" "));
        var bad = fresh.querySelector(".errorlist");
        var field = bad ? bad.parentNode.querySelector("input, select") : firstInput(fresh);
        if (field) { field.focus(); }
      }
    }).catch(function () {
      // No answer we can read (connection lost, server error page): send the form
      // the ordinary way, which reloads the page and shows what happened.
      form.dataset.busy = "";
      form.submit();
    });
  });
}());
