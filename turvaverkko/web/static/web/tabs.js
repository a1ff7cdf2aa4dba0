// Tabs of in-page sections (web/_tabs.html): the link of the section followed becomes the
// current one. Without JavaScript the links still lead to their sections.
document.querySelectorAll("nav[data-tabs]").forEach(function (nav) {
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
  function mark() {
    var hit = links.filter(function (a) { return a.getAttribute("href") === location.hash; })[0];
    if (!hit) return;
    links.forEach(function (a) { a.removeAttribute("aria-current"); });
    hit.setAttribute("aria-current", "true");
  }
  window.addEventListener("hashchange", mark);
  mark();
});
