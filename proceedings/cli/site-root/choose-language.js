// Sends a reader from the root of the site to the edition in the first of their
// browser's languages that the book has. Otherwise the page's list stays for them to pick.
(function () {
  "use strict";
  var script = document.currentScript;
  var available = script.getAttribute("data-languages").split(" ");
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var primary = String(wanted[i]).toLowerCase().split("-")[0];
    if (available.indexOf(primary) !== -1) {
      window.location.replace(primary + "/index.html");
      return;
    }
  }
})();
