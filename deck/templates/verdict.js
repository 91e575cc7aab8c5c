/* The verdict on a typed number, for the card's own problem and for another version
   tried on the back. Right inside the window Value ± Tolerance (from the exact answer
   to the one the shown steps give, widened by half a unit of the last digit); else,
   if it is a typical slip's number, say which slip and mark its step; else count the
   significant figures typed: fewer than 4, and the answer rounded to that many gives
   the typed number, is right to the figures given (ask for 4); 4 or more, and both
   round alike to 3 (or 2) figures, is right to 3 (or 2), not 4. A fraction or a zero
   has no figures to count: right to 3 (or 2) figures if inside the window widened by
   half a unit of the answer's 3rd (2nd) figure. */
var bpVerdict = (function () {
  var DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

  /* As people type a number: −0.5, -0.5, 0,5, 1e-3, or a fraction such as -1/8. */
  function normal(typed) {
    var text = typed.replace(/\u2212/g, "-").replace(/\s/g, "");
    return text.indexOf(".") < 0 ? text.replace(",", ".") : text;
  }

  function read(typed) {
    var text = normal(typed);
    if (DECIMAL.test(text)) return Number(text);
    var parts = text.split("/");
    if (parts.length === 2 && DECIMAL.test(parts[0]) && /^(\d+\.?\d*|\.\d+)$/.test(parts[1]) &&
        Number(parts[1]) !== 0) return Number(parts[0]) / Number(parts[1]);
    return NaN;
  }

  /* The significant figures typed, as [fewest, most]: leading zeros never count, zeros
     after a decimal point do ("0.50": 2), a whole number's trailing zeros may or may
     not ("1200": 2 to 4). null for a fraction, a zero or not a number. */
  function figures(typed) {
    var text = normal(typed);
    if (!DECIMAL.test(text)) return null;
    var mantissa = text.replace(/^[-+]/, "").split(/e/i)[0];
    var digits = mantissa.replace(".", "").replace(/^0+/, "");
    if (!digits) return null;
    if (mantissa.indexOf(".") >= 0) return [digits.length, digits.length];
    return [digits.replace(/0+$/, "").length, digits.length];
  }

  function rounded(x, n) { return Number(x.toPrecision(n)); }

  /* Some number of the window [low, high], rounded to n figures, is the typed number
     rounded to n figures (rounding keeps order, so the window's ends decide). */
  function agrees(number, low, high, n) {
    var fuzz = 1e-9 * Math.max(Math.abs(low), Math.abs(high));
    var typed = rounded(number, n);
    return rounded(low - fuzz, n) <= typed && typed <= rounded(high + fuzz, n);
  }

  function judge(typed, centre, half, slips) {
    var number = read(typed), low = centre - half, high = centre + half;
    if (isNaN(number)) return {kind: "wrong", head: "Not a number"};
    var fuzz = 1e-9 * Math.max(Math.abs(low), Math.abs(high));
    if (number >= low - fuzz && number <= high + fuzz) return {kind: "right", head: "Right"};
    for (var i = 0; i < slips.length; i++) {
      var slipLow = Number(slips[i].dataset.low), slipHigh = Number(slips[i].dataset.high);
      var slipFuzz = 1e-9 * Math.max(Math.abs(slipLow), Math.abs(slipHigh));
      if (number >= slipLow - slipFuzz && number <= slipHigh + slipFuzz) {
        return {kind: "wrong", head: "Not quite", slip: slips[i]};
      }
    }
    var counted = figures(typed), n;
    if (counted && counted[0] < 4) {
      for (n = Math.min(counted[1], 3); n >= counted[0]; n--) {
        if (agrees(number, low, high, n)) {
          return {kind: "close", head: "Right to the " + n + (n === 1 ? " figure" : " figures") +
                  " you gave", more: true};
        }
      }
    } else if (counted) {
      for (n = counted[0] > 4 ? 4 : 3; n >= 2; n--) {
        if (agrees(number, low, high, n)) {
          return n === 4 ? {kind: "right", head: "Right to 4 figures"} :
            {kind: "close", head: "Right to " + n + " figures, not 4"};
        }
      }
    } else {
      for (n = 3; n >= 2; n--) {
        var unit = centre === 0 ? 1e-4 :
          Math.pow(10, Math.floor(Math.log10(Math.abs(centre))) - n + 1);
        if (number >= low - unit / 2 - fuzz && number <= high + unit / 2 + fuzz) {
          return {kind: "close", head: "Right to " + n + " figures", more: true};
        }
      }
    }
    return {kind: "wrong", head: "Not quite"};
  }

  return {
    read: read,
    figures: figures,
    /* Judge ``typed`` against the window on ``shown`` (data-value, data-tolerance,
       data-answer) and the slips and steps in ``solution``; write the verdict into
       ``box`` and mark the slip typed and its step. */
    show: function (box, typed, shown, solution) {
      var marked = solution.querySelectorAll(".slip-typed, .slip-step");
      for (var m = 0; m < marked.length; m++) marked[m].classList.remove("slip-typed", "slip-step");
      box.textContent = "";
      if (!typed) return null;
      var found = judge(typed, Number(shown.dataset.value), Number(shown.dataset.tolerance),
                        solution.querySelectorAll(".slip"));
      var head = document.createElement("span");
      head.className = "verdict-" + found.kind;
      head.textContent = found.head;
      box.appendChild(head);
      var answer = shown.dataset.answer, said = ": you typed " + typed;
      if (found.kind === "right" && !found.slip && found.head === "Right") {
        said += ".";
      } else if (found.slip) {
        var steps = Array.prototype.slice.call(solution.querySelectorAll(".step"));
        var step = solution.querySelector('.step[data-step="' + found.slip.dataset.step + '"]');
        said += ", which is what you get if you " + found.slip.dataset.name +
          (step ? " (see step " + (steps.indexOf(step) + 1) + ")" : "") +
          ". The answer is " + answer + ".";
        found.slip.classList.add("slip-typed");
        if (step) step.classList.add("slip-step");
      } else {
        said += (found.more ? "; give 4: the answer is " : "; the answer is ") + answer + ".";
      }
      box.appendChild(document.createTextNode(said));
      return found;
    }
  };
})();
