// "Select all shown" on the alert form ticks the boxes shown without a round trip; without
// JavaScript the same button asks the server (incidents/views/activation.py).
document.querySelectorAll("[data-activation] [data-select-shown]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var set = button.closest("fieldset");
    set.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
  });
});
