// The receipt's "打印" button: shown and wired only when scripts run (no inline handlers under our CSP).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-receipt");
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
