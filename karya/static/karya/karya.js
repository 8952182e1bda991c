// Karya's only script of its own (the Content Security Policy allows no inline script).
// A field marked data-autosubmit sends its form as soon as it changes (e.g. the date of the
// attendance page); without JavaScript the form's own button does the same.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});
