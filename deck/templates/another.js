/* "Another version": on the back of a card whose note holds several versions, a button
   that shows another of them to try now, its question and an answer box; Enter (or
   Check) gives its verdict, judged as the card's own (verdict.js), and its worked
   solution. Nothing is remembered and nothing reaches Anki (no pycmd, Enter kept in
   the page): the schedule, and the version the next showing picks (variants.js),
   stay as they were. The script builds the button, so without scripts there is none.
   Presses go through the other versions, furthest from the shown one first: the
   next showings pick its neighbours (the one before after "Again", the one after
   on the next day). */
var bpAnother = (function () {
  var typesetting = null;

  function make(tag, attributes, text) {
    var element = document.createElement(tag);
    for (var name in attributes) element.setAttribute(name, attributes[name]);
    if (text) element.textContent = text;
    return element;
  }

  /* Typeset what was just put on the page, where there is MathJax (Anki desktop,
     AnkiDroid and AnkiMobile have MathJax 3): one call after another, as MathJax asks. */
  function typeset(element) {
    var mathjax = window.MathJax;
    if (!mathjax) return;
    if (mathjax.typesetPromise) {
      var ready = typesetting || (mathjax.startup && mathjax.startup.promise) || Promise.resolve();
      typesetting = ready.then(function () { return mathjax.typesetPromise([element]); })
        .catch(function () { /* a formula MathJax cannot set stays as its TeX */ });
    } else if (mathjax.Hub) {
      mathjax.Hub.Queue(["Typeset", mathjax.Hub, element]);  /* MathJax 2 */
    }
  }

  function forget(element) {
    var mathjax = window.MathJax;
    if (mathjax && mathjax.typesetClear) {
      try { mathjax.typesetClear([element]); } catch (e) { /* nothing typeset there */ }
    }
  }

  /* The other versions, in the order presses show them. */
  function order(pick, count) {
    var offsets = [];
    for (var d = 1; d < count; d++) offsets.push(d);
    offsets.sort(function (a, b) {
      return Math.min(b, count - b) - Math.min(a, count - a) || a - b;
    });
    return offsets.map(function (d) { return (pick + d) % count; });
  }

  /* Anki desktop's reviewer (Qt WebEngine, the card's page the whole window, pycmd)
     takes Enter and Space as its answer keys wherever the focus is but in a text field,
     on a button too: a learner pressing one there would rate the card. There a control
     is a span that is a text field refusing any edit, with the button role: the keys
     reach it and it presses itself. Everywhere else, a button. */
  var QT_REVIEWER = typeof pycmd === "function" && window.top === window &&
    /QtWebEngine/.test(navigator.userAgent);

  function control(id, text) {
    if (!QT_REVIEWER) return make("button", {id: id, type: "button", "class": "bp-button"}, text);
    var span = make("span", {id: id, role: "button", tabindex: "0", contenteditable: "true",
                             spellcheck: "false", "class": "bp-button bp-button-field"}, text);
    span.addEventListener("beforeinput", function (event) { event.preventDefault(); });
    span.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      span.click();
    });
    return span;
  }

  /* Keys the page handles stay in the page: Anki's newer reviewer passes a key that
     reaches the window on to its own shortcuts (Enter or Space would rate the card). */
  function keep(element, keys) {
    ["keydown", "keypress", "keyup"].forEach(function (type) {
      element.addEventListener(type, function (event) {
        if (keys.indexOf(event.key) >= 0) event.stopPropagation();
      });
    });
  }

  function clone(element) {
    var copy = element.cloneNode(true);
    copy.hidden = false;
    return copy;
  }

  function attempt(version, number) {
    var trial = make("div", {"class": "bp-another-try", "data-version": String(number)});
    var question = make("div", {"class": "front bp-another-front", id: "bp-another-question"});
    question.appendChild(clone(version.front));
    var typein = make("div", {"class": "typein"});
    var label = make("label", {"for": "bp-another-typein"},
                     "Your answer, to 4 significant figures: ");
    var input = make("input", {id: "bp-another-typein", type: "text", inputmode: "decimal",
                               autocomplete: "off", spellcheck: "false",
                               "aria-describedby": "bp-another-question"});
    var check = control("bp-check", "Check");
    typein.appendChild(label);
    typein.appendChild(input);
    typein.appendChild(document.createTextNode(" "));
    typein.appendChild(check);
    var verdict = make("div", {"class": "verdict bp-another-verdict", role: "status",
                               "aria-live": "polite"});
    var solution = make("div", {"class": "bp-another-back"});
    var back = clone(version.back);
    solution.appendChild(back);
    solution.hidden = true;
    [question, typein, verdict, solution].forEach(function (part) { trial.appendChild(part); });

    function judge() {
      bpVerdict.show(verdict, input.value.trim(), back, back);
      if (solution.hidden) {
        solution.hidden = false;
        typeset(solution);
      }
    }
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      judge();
    });
    keep(input, ["Enter"]);
    keep(check, ["Enter", " "]);
    check.addEventListener("click", judge);
    return {element: trial, question: question, input: input};
  }

  return {
    /* ``shown``: what bpVariants.back returned (null for a note of one version). */
    offer: function (scope, shown) {
      if (!shown || shown.versions.length < 2) return;
      var others = order(shown.pick, shown.versions.length), pressed = 0, current = null;
      var panel = make("section", {"class": "bp-another", "aria-label": "Another version"});
      var button = control("bp-another", "Try another version");
      button.setAttribute("aria-describedby", "bp-another-note");
      var note = make("span", {"class": "bp-another-note", id: "bp-another-note"},
                      "Practice only: your review of this card is not changed.");
      panel.appendChild(button);
      panel.appendChild(note);
      keep(button, ["Enter", " "]);
      button.addEventListener("click", function () {
        var number = others[pressed++ % others.length];
        if (current) {
          forget(current.element);
          panel.removeChild(current.element);
        }
        current = attempt(shown.versions[number], number);
        panel.insertBefore(current.element, button);
        button.textContent = "Another version";
        typeset(current.question);
        if (current.element.scrollIntoView) current.element.scrollIntoView();
        current.input.focus({preventScroll: true});
      });
      scope.appendChild(panel);
    }
  };
})();
