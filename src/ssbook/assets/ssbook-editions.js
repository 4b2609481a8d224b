/* The reader's date of access in "Cite this chapter", and the edition banner: links to this page in the previous, next and latest editions, and to the list
   of all editions, from the site's editions.json. Published pages never change; the links are
   computed here so an edition need not be rebuilt when a newer one appears. */
(function () {
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  function fillAccessDate() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll(".ssb-accessed").forEach(function (node) { node.textContent = today; });
  }
  function init() {
    fillAccessDate();
    var banner = document.querySelector(".ssb-edition[data-edition]");
    if (!banner) return;
    var edition = banner.dataset.edition;
    var marker = "/editions/" + edition + "/";
    var at = location.pathname.lastIndexOf(marker);
    if (at < 0) return;
    var root = location.pathname.slice(0, at + 1);
    var page = location.pathname.slice(at + marker.length) || "index.html";
    var nav = document.createElement("span");
    nav.className = "ssb-edition-nav";
    banner.after(nav);
    function add(node) {
      if (nav.childNodes.length) nav.append(" · ");
      nav.append(node);
    }
    fetch(root + "editions.json")
      .then(function (response) { return response.json(); })
      .then(function (info) {
        var dates = info.editions.map(function (e) { return e.date; });
        var here = dates.indexOf(edition);
        function samePage(date) {
          var pages = info.editions[dates.indexOf(date)].pages;
          return root + "editions/" + date + "/" + (pages.indexOf(page) >= 0 ? page : "index.html");
        }
        if (here > 0) add(link(samePage(dates[here - 1]), "previous edition (" + dates[here - 1] + ")"));
        if (here >= 0 && here < dates.length - 1) add(link(samePage(dates[here + 1]), "next edition (" + dates[here + 1] + ")"));
        if (info.latest !== edition) add(link(samePage(info.latest), "latest edition (" + info.latest + ")"));
        else add(document.createTextNode("this is the latest edition"));
      })
      .catch(function () {})
      .then(function () { add(link(root + "editions.html", "all editions")); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
