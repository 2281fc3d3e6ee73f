// Live timelines: an element with data-live-timeline="<events URL>" and data-after="<last position
// shown>" follows its subject's events over server-sent events and reloads the page when a newer
// event arrives, so the server renders the new state. Without JavaScript the page still works:
// reloading shows the same. The browser reconnects by itself (with Last-Event-ID).
(function () {
  "use strict";
  if (!("EventSource" in window)) return;
  var element = document.querySelector("[data-live-timeline]");
  if (!element) return;
  var after = parseInt(element.getAttribute("data-after") || "0", 10) || 0;
  var url = element.getAttribute("data-live-timeline");
  var separator = url.indexOf("?") === -1 ? "?" : "&";
  var source = new EventSource(url + separator + "after=" + after, { withCredentials: true });
  var status = document.querySelector("[data-live-status]");
  if (status) status.hidden = false;
  source.onmessage = function (event) {
    var position = parseInt(event.lastEventId || "0", 10) || 0;
    if (position > after) {
      source.close();
      window.location.reload();
    }
  };
})();
