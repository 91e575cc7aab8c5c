// Print every TeX command and environment MathJax 3 knows with the packages Anki's
// bundle (tex-chtml-full) has, as JSON: deck/mathjax_commands.json is this output,
// and tests/test_mathjax.py checks that it still is.
"use strict";
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {SVG} = require("mathjax-full/js/output/svg.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

RegisterHTMLHandler(liteAdaptor());
const packages = AllPackages.filter((name) => name !== "textmacros");  // Anki drops it
const tex = new TeX({packages});
mathjax.document("", {InputJax: tex, OutputJax: new SVG()});

function names(kind) {
  const found = new Set();
  for (const entry of tex.parseOptions.handlers.get(kind)._configuration) {
    if (entry.item.map) for (const name of entry.item.map.keys()) found.add(name);
  }
  return [...found].sort();
}

process.stdout.write(JSON.stringify({
  mathjax: require("mathjax-full/package.json").version,
  packages,
  // \langle and the like are delimiters: their names start with the backslash
  macros: [...new Set([...names("macro"), ...names("delimiter").map((d) => d.slice(1))])]
    .filter((name) => /^[A-Za-z]+$/.test(name)).sort(),
  environments: names("environment"),
}, null, 1) + "\n");
