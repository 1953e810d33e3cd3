(function () {
  "use strict";
  function clear(cls) {
    document.querySelectorAll("." + cls).forEach(function (e) { e.classList.remove(cls); });
  }
  function showFact(fid, row) {
    var spans = document.querySelectorAll('.hl[data-f~="' + fid + '"]');
    if (!spans.length) { return; }
    clear("flash");
    clear("sel");
    spans.forEach(function (e) { e.classList.add("flash"); });
    if (row) { row.classList.add("sel"); }
    spans[0].scrollIntoView({ block: "center" });
    document.body.setAttribute("data-shown", fid);
  }
  function showRows(span) {
    var fids = (span.getAttribute("data-f") || "").split(" ");
    clear("sel");
    var first = null;
    fids.forEach(function (fid) {
      var row = document.querySelector('tr.fact[data-target="' + fid + '"]');
      if (row) { row.classList.add("sel"); first = first || row; }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest("tr.fact");
    if (row) { showFact(row.getAttribute("data-target"), row); return; }
    var span = ev.target.closest(".hl");
    if (span) { showRows(span); }
  });
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr.fact");
    if (row && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      showFact(row.getAttribute("data-target"), row);
    }
  });
})();
