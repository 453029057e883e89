// Live refresh of the fleet page, without a framework: every 10 s it fetches
// the page again and swaps in the new <main> and summary. The server renders
// and escapes everything; this script only moves nodes. Screenshots already
// shown are kept, so an unchanged picture is not downloaded again (its URL
// changes when a new one arrives).
(function () {
  "use strict";
  var every = 10000;
  var live = document.getElementById("live");
  var timer = 0;
  var updates = 0;

  // Drop ?token= from the address bar and the history: the cookie the
  // server has set does from now on.
  if (location.search) {
    history.replaceState(null, "", location.pathname);
  }

  function setLive(text, lost) {
    if (!live) return;
    live.textContent = text;
    live.className = lost ? "lost" : "";
  }

  function swap(doc) {
    var main = document.getElementById("fleet");
    var next = doc.getElementById("fleet");
    if (!main || !next) return;
    var shown = {};
    main.querySelectorAll("img[src]").forEach(function (img) {
      shown[img.getAttribute("src")] = img;
    });
    next.querySelectorAll("img[src]").forEach(function (img) {
      var old = shown[img.getAttribute("src")];
      if (old) img.replaceWith(old);
    });
    main.replaceWith(document.adoptNode(next));
    ["summary", "updated", "sources"].forEach(function (id) {
      var a = document.getElementById(id), b = doc.getElementById(id);
      if (a && b) a.replaceWith(document.adoptNode(b));
    });
    document.title = doc.title;
  }

  function refresh() {
    clearTimeout(timer);
    fetch(location.pathname, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
      .then(function (resp) {
        if (resp.status === 401) throw new Error("signed out: reload the page");
        if (!resp.ok) throw new Error("server answered " + resp.status);
        return resp.text();
      })
      .then(function (html) {
        swap(new DOMParser().parseFromString(html, "text/html"));
        setLive("", false);
        if (live) live.dataset.updates = String(++updates);
      })
      .catch(function (err) {
        setLive("· not updating (" + err.message + "), retrying", true);
      })
      .then(schedule);
  }

  function schedule() {
    clearTimeout(timer);
    if (document.visibilityState !== "hidden") timer = setTimeout(refresh, every);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh(); else clearTimeout(timer);
  });

  // "Request screenshot": post without leaving the page, then look again
  // soon, when the display has had time to upload.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("request")) return;
    ev.preventDefault();
    var note = form.querySelector(".note");
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    if (note) note.textContent = "Requesting…";
    fetch(form.action, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          if (!resp.ok) throw new Error(body.error || "server answered " + resp.status);
        });
      })
      .then(function () {
        if (note) note.textContent = "Requested; the picture follows in a few seconds.";
        setTimeout(refresh, 3000);
      })
      .catch(function (err) {
        if (note) note.textContent = "Failed: " + err.message;
        if (button) button.disabled = false;
      });
  });

  schedule();
})();
