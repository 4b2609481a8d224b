/* Draws every chart of the page from its inline Vega-Lite spec with the site's own vega-embed.
   Until then, and where scripts do not run, the static SVG stands in. */
(function () {
  function draw() {
    document.querySelectorAll(".ssb-chart").forEach(function (figure) {
      var source = figure.querySelector("script.ssb-chart-spec");
      var target = figure.querySelector(".ssb-chart-live");
      if (!source || !target || typeof window.vegaEmbed !== "function") return;
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(target, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        tooltip: { theme: "custom" },
      }).then(function () {
        figure.classList.add("ssb-chart--live");
      }).catch(function (error) {
        figure.classList.add("ssb-chart--failed");
        console.error("chart failed to draw", error);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
