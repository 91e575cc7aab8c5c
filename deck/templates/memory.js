/* What one side of a card leaves for the other: the problem shown, the typed answer.
   Clients differ: Anki desktop and AnkiMobile keep one page for both sides (the
   window's own variables last); AnkiDroid loads a new page for the back
   (sessionStorage lasts, and so does window.name, the tab's name, where storage is
   refused). Values are written to all three and read from the first that has them. */
var bpMemory = (function () {
  var PREFIX = "bp-memory:";

  function named() {
    try {
      if (window.name.indexOf(PREFIX) === 0) return JSON.parse(window.name.slice(PREFIX.length));
    } catch (e) { /* not ours, or not JSON */ }
    return {};
  }

  return {
    get: function (key) {
      var memory = window.bpMemoryValues || {};
      if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key];
      try {
        var stored = sessionStorage.getItem(key);
        if (stored !== null) return JSON.parse(stored);
      } catch (e) { /* no sessionStorage here */ }
      var fromName = named();
      return Object.prototype.hasOwnProperty.call(fromName, key) ? fromName[key] : null;
    },
    set: function (key, value) {
      window.bpMemoryValues = window.bpMemoryValues || {};
      window.bpMemoryValues[key] = value;
      try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* refused */ }
      try {
        if (window.name && window.name.indexOf(PREFIX) !== 0) return;  /* someone else's */
        var fromName = named();
        fromName[key] = value;
        window.name = PREFIX + JSON.stringify(fromName);
      } catch (e) { /* no window.name either */ }
    }
  };
})();
