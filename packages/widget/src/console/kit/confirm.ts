/**
 * A destructive button asks for a second press instead of a dialog: the first press changes its text to the
 * question (and says so), a second press within 8 seconds confirms. Returns true on the confirming press.
 */
export function confirmed(button: HTMLButtonElement, question: string, announce: (text: string) => void) {
  if (button.dataset.armed !== undefined) {
    disarm(button);
    return true;
  }
  button.dataset.armed = button.textContent ?? "";
  button.textContent = question;
  button.classList.add("armed");
  announce(`${question} Press the button again to confirm.`);
  setTimeout(() => disarm(button), 8000);
  return false;
}

function disarm(button: HTMLButtonElement) {
  if (button.dataset.armed === undefined) return;
  button.textContent = button.dataset.armed;
  delete button.dataset.armed;
  button.classList.remove("armed");
}
