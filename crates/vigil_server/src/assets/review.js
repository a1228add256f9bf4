// Review queue keys: j/k move between items, a accepts, r rejects, e opens the edit form,
// m merges the first proposed twin, s opens the split form.
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll("section.item"));
  var at = 0;
  function select(i) {
    if (!items.length) return;
    at = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el, n) { el.classList.toggle("selected", n === at); });
    items[at].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") select(at + 1);
    else if (ev.key === "k") select(at - 1);
    else if (items.length && "aresm".indexOf(ev.key) >= 0) {
      var target = items[at].querySelector('[data-key="' + ev.key + '"]');
      if (target) { ev.preventDefault(); target.click(); }
    }
  });
  select(0);
})();
