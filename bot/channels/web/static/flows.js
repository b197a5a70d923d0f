/* Draws every <pre class="mermaid"> on the page (flow diagrams, school/diagrams.py) with the
   mermaid shipped in this package (vendor/mermaid.min.js, loaded just before this file; no
   CDN). securityLevel "strict": labels are sanitised, no clicks or scripts in a diagram.
   The page needs school/diagrams.py's DIAGRAM_CSP: mermaid styles its SVG inline.
   A diagram fits the width of its box, but never shrinks below 3/4 of its natural size (the
   text stays readable, on a phone too): then its box scrolls, starting at the middle, where
   a flow starts. Mermaid text that mermaid cannot read stays on the page as text
   (<pre class="mermaid" data-failed="1">), and the others are drawn all the same.
   When done: <body data-diagrams="drawn">, or "failed" when one or more could not be drawn. */
"use strict";
(function () {
  var body = document.body;
  var SMALLEST = 0.75;
  var failed = false;
  if (!window.mermaid) {
    body.dataset.diagrams = "failed";
    return;
  }
  var mermaid = window.mermaid;
  mermaid.initialize({startOnLoad: false, securityLevel: "strict", theme: "default",
                      flowchart: {useMaxWidth: true}});
  var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  Promise.all(blocks.map(function (pre) {
    return mermaid.parse(pre.textContent, {suppressErrors: true}).then(function (ok) {
      if (ok) {
        return pre;
      }
      failed = true;
      pre.dataset.failed = "1";
      return null;
    });
  })).then(function (checked) {
    var readable = checked.filter(Boolean);
    return readable.length ? mermaid.run({nodes: readable}) : null;
  }).then(function () {
    document.querySelectorAll("pre.mermaid svg").forEach(function (svg) {
      var natural = svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
      if (natural > 0) {
        svg.style.minWidth = Math.round(natural * SMALLEST) + "px";
      }
      var box = svg.closest(".diagram");
      if (box && box.scrollWidth > box.clientWidth) {
        box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
      }
    });
    body.dataset.diagrams = failed ? "failed" : "drawn";
  }, function (error) {
    body.dataset.diagrams = "failed";
    console.error("flow diagram:", error);
  });
}());
