// QueueLab console: the little the pages do in the browser. Every page works
// without it; it adds copying to the clipboard to "Copy URL" buttons.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest("button[data-copy]");
  if (!b) return;
  ev.preventDefault();
  var text = document.getElementById(b.dataset.copy).textContent;
  var label = b.textContent;
  if (navigator.clipboard) {
    navigator.clipboard.writeText(text).then(function () {
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = label; }, 1500);
    }, function () {});
  }
});
