/* Fresh numbers at each review. A practice note holds several problems of one kind
   (its variants), each in a [data-variant] element; one is shown and the others are
   taken out of the page before MathJax typesets them (the back keeps them, detached,
   for "Another version": another.js).
   - Front: the first showing of a day shows variant (h + day) mod K, h from the card's
     id, so K days in a row show every variant once; each further showing on the same
     day (after "Again") steps back one, so it differs from the showing before and
     from tomorrow's.
   - Back: the variant the front recorded (bpMemory: the window, sessionStorage or
     window.name, whichever lasts in the client); where none does, front and back
     compute the same pick from the card and the day. Only the front records: what
     the back shows (another version included) never changes the next pick.
   - Anki's day starts at 4 am local time.
   The preview page sets window.bpPreview = {variant: i, scope: card} to show variant i
   of a side it places in a shadow root. */
var bpVariants = (function () {
  var DAY = 86400000, ROLLOVER = 4 * 3600000;

  function today() {
    var d = new Date(Date.now() - ROLLOVER);
    return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY);
  }

  function hash(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    return h >>> 0;
  }

  function modulo(a, k) { return ((a % k) + k) % k; }

  function load(card) {
    var state = bpMemory.get("bp-variant:" + card);
    return state && typeof state.pick === "number" ? state : null;
  }

  function save(card, state) {
    bpMemory.set("bp-variant:" + card, state);
  }

  function count(scope) {
    var found = scope.querySelectorAll("[data-variant]"), k = 0;
    for (var i = 0; i < found.length; i++) {
      k = Math.max(k, Number(found[i].getAttribute("data-variant")) + 1);
    }
    return k;
  }

  /* Show variant ``pick``, take the others out; returns every variant's front and back
     elements by number (the others detached, as the fields hold them). */
  function keep(scope, pick) {
    var found = scope.querySelectorAll("[data-variant]"), versions = [];
    for (var i = 0; i < found.length; i++) {
      var k = Number(found[i].getAttribute("data-variant"));
      var version = versions[k] = versions[k] || {};
      version[found[i].closest(".front") ? "front" : "back"] = found[i];
      if (k === pick) {
        found[i].hidden = false;
      } else {
        found[i].parentNode.removeChild(found[i]);
      }
    }
    return versions;
  }

  function forced(k) {
    var preview = window.bpPreview;
    return preview && preview.variant >= 0 && preview.variant < k ? preview.variant : null;
  }

  return {
    /* This side's own elements: around the running script (this file is written into
       each template's script, so that is the template's), or where the preview says. */
    scope: function () {
      return (window.bpPreview && window.bpPreview.scope) ||
        (document.currentScript && document.currentScript.parentNode) || document;
    },
    front: function (scope, card) {
      var k = count(scope);
      if (k < 2) return;
      var pick = forced(k);
      if (pick === null) {
        var day = today(), last = load(card);
        var n = last && last.day === day ? last.n + 1 : 0;
        pick = modulo(hash(card) + day - n, k);
        save(card, {day: day, n: n, pick: pick});
      }
      keep(scope, pick);
    },
    /* The variant shown, and every variant's elements; null for a note of one. */
    back: function (scope, card) {
      var k = count(scope);
      if (k < 2) return null;
      var pick = forced(k), last = load(card);
      if (pick === null) {
        pick = last && last.pick < k ? last.pick : modulo(hash(card) + today(), k);
      }
      return {pick: pick, versions: keep(scope, pick)};
    }
  };
})();
