// Notes on the MDO screen save themselves while people talk.
// - Every change is kept in this browser (localStorage) until the server confirms it, so a lost
//   connection or a closed tab loses nothing; it is sent again when the connection is back.
// - Each save carries the version it was based on. If someone else saved in between, the server
//   refuses and returns their text: both texts are shown, nothing is overwritten silently.
(function () {
  "use strict";

  var RETRY_MS = 5000;
  var DEBOUNCE_MS = 800;

  function draftKey(form) {
    return "oza-mdo-notes:" + form.dataset.url;
  }

  function setStatus(form, text, kind) {
    var status = form.querySelector(".save-status");
    status.textContent = text;
    status.dataset.kind = kind || "";
  }

  function showTheirs(form, message, theirs) {
    var box = form.querySelector(".notes-conflict");
    if (!box) {
      box = document.createElement("div");
      box.className = "notes-conflict alert alert-warning";
      form.insertBefore(box, form.querySelector(".save-status"));
    }
    box.replaceChildren();
    var p = document.createElement("p");
    p.textContent = message;
    var label = document.createElement("p");
    label.textContent = form.dataset.msgTheirs;
    var pre = document.createElement("pre");
    pre.className = "notes-theirs";
    pre.textContent = theirs;
    box.append(p, label, pre);
  }

  function clearConflict(form) {
    var box = form.querySelector(".notes-conflict");
    if (box) box.remove();
  }

  function save(form) {
    if (form.dataset.saving === "1") {
      form.dataset.again = "1";
      return;
    }
    form.dataset.saving = "1";
    var sent = form.elements.notes.value;
    fetch(form.dataset.url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (body) {
        if (body.status === "saved") {
          form.elements.version.value = body.version;
          if (form.elements.notes.value === sent) localStorage.removeItem(draftKey(form));
          clearConflict(form);
          setStatus(form, body.message, "ok");
        } else if (body.status === "conflict") {
          // Base the next save on their version; the user merges and it saves again.
          form.elements.version.value = body.version;
          showTheirs(form, body.message, body.notes);
          setStatus(form, body.message, "error");
        } else {
          setStatus(form, body.message || "", "error");
        }
      })
      .catch(function () {
        setStatus(form, form.dataset.msgOffline, "error");
        window.setTimeout(function () {
          save(form);
        }, RETRY_MS);
      })
      .finally(function () {
        form.dataset.saving = "0";
        if (form.dataset.again === "1") {
          form.dataset.again = "0";
          save(form);
        }
      });
  }

  document.querySelectorAll("form[data-notes]").forEach(function (form) {
    var notes = form.elements.notes;
    var draft = localStorage.getItem(draftKey(form));
    if (draft !== null && draft !== notes.value) {
      notes.value = draft;
      setStatus(form, form.dataset.msgRestored, "error");
      save(form);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      localStorage.setItem(draftKey(form), notes.value);
      save(form);
    });
    if (form.dataset.autosave !== "true") return;
    var timer = null;
    notes.addEventListener("input", function () {
      localStorage.setItem(draftKey(form), notes.value);
      setStatus(form, form.dataset.msgPending, "");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        save(form);
      }, DEBOUNCE_MS);
    });
    form.elements.shared_with_family.addEventListener("change", function () {
      save(form);
    });
    window.addEventListener("online", function () {
      if (localStorage.getItem(draftKey(form)) !== null) save(form);
    });
  });
})();
