// Required input blocks, checked in the page as Slack's client checks them before a submission
// is sent: an empty one gets Slack's inline error under the field, never a browser tooltip.

export const REQUIRED_MESSAGE = 'Please complete this required field.';

/** Whether a required control (or radio group) of a form has no answer. */
function isEmpty(controls) {
  const first = controls[0];
  if (first.type === 'radio' || first.type === 'checkbox') return !controls.some((c) => c.checked);
  // An account picker counts only once a suggestion was picked (it carries data-value).
  if (first.classList.contains('bk-external-query')) return !first.getAttribute('data-value');
  return String(first.value ?? '').trim() === '';
}

/** The block IDs of the form's required input blocks left empty, in order. */
export function missingRequired(form) {
  const byName = new Map();
  for (const control of form.querySelectorAll('[data-required]')) {
    const list = byName.get(control.name) ?? [];
    list.push(control);
    byName.set(control.name, list);
  }
  const missing = [];
  for (const controls of byName.values()) {
    const block = controls[0].closest('.bk-input');
    if (block && isEmpty(controls)) missing.push(block.dataset.blockId);
  }
  return missing;
}
