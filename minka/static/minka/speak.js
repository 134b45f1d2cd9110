// The speaker buttons of a member's pages (no inline script: the CSP allows none).
// Each button has an <audio preload="none"> beside it: nothing is fetched until a tap.
// A number is several recorded words (data-seq), played one after another.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-speak]");
  if (!button) return;
  var audio = button.parentNode.querySelector("audio");
  if (!audio) return;
  var seq = (audio.getAttribute("data-seq") || "").split(" ").filter(Boolean);
  if (!seq.length) { audio.currentTime = 0; audio.play(); return; }
  var i = 0;
  audio.onended = function () {
    i += 1;
    if (i < seq.length) { audio.src = seq[i]; audio.play(); }
  };
  audio.src = seq[0];
  audio.play();
});
