// Typeset TeX strings with MathJax 3 (the engine in Anki) and report every error.
// Input on stdin: a JSON list of {"tex": "...", "display": bool}.
// Output on stdout: a JSON list of {"index": n, "error": "..."} (empty when all typeset).
"use strict";
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {SVG} = require("mathjax-full/js/output/svg.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
require("mathjax-full/js/input/tex/base/BaseConfiguration.js");
require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
// Only base and ams: stricter than Anki, so whatever passes here renders there.
const tex = new TeX({
  packages: ["base", "ams"],
  formatError: (jax, err) => { throw err; },
});
const doc = mathjax.document("", {InputJax: tex, OutputJax: new SVG({fontCache: "none"})});

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const errors = [];
  JSON.parse(input).forEach((item, index) => {
    try {
      const node = doc.convert(item.tex, {display: item.display});
      const svg = adaptor.outerHTML(node);
      if (svg.includes("data-mjx-error")) errors.push({index, error: "error box in output"});
    } catch (err) {
      errors.push({index, error: String(err.message || err)});
    }
  });
  process.stdout.write(JSON.stringify(errors));
});
