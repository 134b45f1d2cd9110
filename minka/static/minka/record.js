// Record a string in the browser (MediaRecorder) on the translator's screen. The take is
// put into the form's file field, so the server checks it like any uploaded file.
(function () {
  if (!window.MediaRecorder || !navigator.mediaDevices) return;
  var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus"];
  var type = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
  if (!type) return;
  document.querySelectorAll("form[data-record]").forEach(function (form) {
    var button = form.querySelector("button[data-record-start]");
    var input = form.querySelector("input[type=file]");
    var label = button.textContent;
    var recorder = null;
    button.addEventListener("click", function () {
      if (recorder) { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var chunks = [];
        recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: 24000 });
        recorder.ondataavailable = function (e) { chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var ext = type.indexOf("webm") >= 0 ? "webm" : "ogg";
          var file = new File(chunks, "grabacion." + ext, { type: type.split(";")[0] });
          var box = new DataTransfer();
          box.items.add(file);
          input.files = box.files;
          var preview = form.querySelector("audio.take") || document.createElement("audio");
          preview.className = "take";
          preview.controls = true;
          preview.src = URL.createObjectURL(file);
          form.insertBefore(preview, button);
          recorder = null;
          button.textContent = label;
        };
        recorder.start();
        button.textContent = button.getAttribute("data-stop");
      });
    });
  });
})();
