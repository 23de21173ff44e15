/* Add-articles page: drag and drop files, list what is chosen, reset after a batch. */
(function () {
  "use strict";

  function setup() {
    var zone = document.querySelector("[data-dropzone]");
    if (!zone) return;
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector(".dz-files");

    function show() {
      list.innerHTML = "";
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + " · " + (f.size < 1024 ? f.size + " B" : Math.round(f.size / 1024) + " KB");
        list.appendChild(li);
      });
      zone.classList.toggle("has-files", input.files.length > 0);
    }

    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "dragend"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (ev) {
      ev.preventDefault();
      zone.classList.remove("is-over");
      if (!ev.dataTransfer || !ev.dataTransfer.files.length) return;
      var dt = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
      Array.prototype.forEach.call(ev.dataTransfer.files, function (f) { dt.items.add(f); });
      input.files = dt.files;
      show();
    });
    input.addEventListener("change", show);
  }

  document.addEventListener("DOMContentLoaded", setup);
  // plain forms that take a while (data-busy): app.js shows their notice
  document.body.addEventListener("htmx:afterSwap", function (ev) {
    if (ev.target && ev.target.id === "add-form") setup();  // the form came back with errors
  });
  document.body.addEventListener("htmx:afterRequest", function (ev) {
    var form = ev.target;
    if (!form || form.id !== "add-form" || !ev.detail.successful) return;
    if (ev.detail.target && ev.detail.target.id === "add-results") {
      form.reset();
      var list = form.querySelector(".dz-files");
      if (list) list.innerHTML = "";
      var res = document.getElementById("add-results");
      if (res) res.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });
})();
