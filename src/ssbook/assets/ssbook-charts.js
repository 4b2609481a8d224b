/* Draws every chart of the page from its inline Vega-Lite spec with the site's own vega-embed.
   Until then, and where scripts do not run, the static SVG stands in.
   Also keeps the page usable from the keyboard and by screen readers: a chart or table too wide
   for the screen scrolls inside its own box, which then takes the focus (as the theme does for its
   own scrolling boxes), and buttons that show only an icon get a name. */
(function () {
  function draw() {
    var charts = document.querySelectorAll(".ssb-chart");
    if (charts.length && typeof window.vegaEmbed !== "function") {
      // The site's Vega bundle did not load: the static charts stay, and the failure is said.
      charts.forEach(function (figure) { figure.classList.add("ssb-chart--failed"); });
      console.error("charts: vega-embed is missing (the site's vega-bundle.js did not load); showing the static charts");
      return;
    }
    charts.forEach(function (figure) {
      var source = figure.querySelector("script.ssb-chart-spec");
      var target = figure.querySelector(".ssb-chart-live");
      if (!source || !target) return;
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(target, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        tooltip: { theme: "custom" },
      }).then(function () {
        figure.classList.add("ssb-chart--live");
        var menu = target.querySelector("details > summary");
        if (menu) menu.setAttribute("aria-label", "Chart actions: save the chart as SVG or PNG");
        scrollable();
      }).catch(function (error) {
        figure.classList.add("ssb-chart--failed");
        console.error("chart failed to draw", error);
      });
    });
  }

  /* A box whose content is wider than itself can be scrolled with the arrow keys once focused. */
  function scrollable() {
    document.querySelectorAll(".ssb-chart, .ssb-table-wrap").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.classList.contains("ssb-table-wrap") ? "Table (scrolls sideways)" : "Chart (scrolls sideways)");
        box.dataset.ssbScroll = "";
      } else if (!wide && box.dataset.ssbScroll !== undefined) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.ssbScroll;
      }
    });
  }

  /* The theme's navigation toggles show only a chevron: name them after the section they open. */
  function nameToggles() {
    document.querySelectorAll("nav li.has-children > details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
      var link = summary.closest("li").querySelector(":scope > a");
      var name = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the pages under " + name);
    });
  }

  function init() {
    draw();
    nameToggles();
    scrollable();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(scrollable, 200);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
