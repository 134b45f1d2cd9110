// A "Print" button without inline script (the Content-Security-Policy allows none).
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
