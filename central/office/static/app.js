// Small helpers for the central-office pages: no library, no network beyond this server.
document.addEventListener("submit", function (ev) {
  var msg = ev.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) ev.preventDefault();
});
document.addEventListener("change", function (ev) {
  if (ev.target.matches("form.filters select")) ev.target.form.submit();
});
