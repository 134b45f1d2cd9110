// The quick sale screen: steppers for each piece and the suggested total.
(function () {
  var form = document.getElementById("quick-sale"), total = document.getElementById("total");
  function refresh() {
    var cents = 0;
    form.querySelectorAll(".piece").forEach(function (p) {
      var n = parseInt(p.querySelector("input").value, 10) || 0;
      p.classList.toggle("chosen", n > 0);
      cents += n * Math.round(parseFloat(p.dataset.price) * 100);
    });
    total.placeholder = (cents / 100).toFixed(2);
  }
  form.querySelectorAll(".piece").forEach(function (p) {
    var input = p.querySelector("input"), max = parseInt(input.max, 10);
    p.querySelector(".plus").addEventListener("click", function () {
      input.value = Math.min(max, (parseInt(input.value, 10) || 0) + 1); refresh();
    });
    p.querySelector(".minus").addEventListener("click", function () {
      input.value = Math.max(0, (parseInt(input.value, 10) || 0) - 1); refresh();
    });
    input.addEventListener("input", refresh);
  });
  refresh();
  // Choosing another place reloads the page with that place's pieces.
  var place = form.querySelector("select[data-reload-with]");
  if (place) {
    place.addEventListener("change", function () {
      location.search = place.dataset.reloadWith + "=" + encodeURIComponent(place.value);
    });
  }
})();
