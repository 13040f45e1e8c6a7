import { escapeHtml } from './blockkit.js';

// The composer's @ and # picker: typing @ offers the people, # the channels, and picking one puts
// in the text what Slack's composer sends for it: `<@U…>` for a person, `<#C…|name>` for a channel.

/** The mention being typed just before the caret: its trigger, what follows it, and where it starts. */
export function mentionQuery(text, caret) {
  const match = /(^|\s)([@#])([\w.-]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { trigger: match[2], query: match[3], start: caret - match[3].length - 1 };
}

/** The people or channels whose name contains the query (case-insensitive), names that start with it first. */
export function mentionChoices(directory, trigger, query) {
  const list = (trigger === '@' ? directory?.users : directory?.channels) ?? [];
  const q = query.toLowerCase();
  const hits = list.filter((e) => e.name.toLowerCase().includes(q));
  return hits.sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)));
}

/** What Slack's composer sends for a picked mention. */
export function mentionToken(trigger, entry) {
  return trigger === '@' ? `<@${entry.id}>` : `<#${entry.id}|${entry.name}>`;
}

/**
 * Wires the picker to the text box. `directory()` gives { users, channels }. The returned onKey(event)
 * takes the arrow keys, Enter, Tab and Escape while the picker is open (true when it handled the key).
 */
export function attachMentionPicker(textarea, picker, directory) {
  let open = null; // { trigger, query, start, choices, active }

  const close = () => {
    open = null;
    picker.hidden = true;
    picker.innerHTML = '';
  };
  const draw = () => {
    picker.innerHTML = open.choices
      .map(
        (e, i) =>
          `<button type="button" role="option" data-index="${i}" class="${i === open.active ? 'active' : ''}">` +
          `${open.trigger === '@' ? '@' : '#'}${escapeHtml(e.name)}</button>`,
      )
      .join('');
    picker.hidden = false;
  };
  const pick = (index) => {
    const entry = open?.choices[index];
    if (!entry) return;
    const { start, query, trigger } = open;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(start + 1 + query.length);
    const token = `${mentionToken(trigger, entry)} `;
    textarea.value = before + token + after;
    const caret = before.length + token.length;
    textarea.setSelectionRange(caret, caret);
    close();
    textarea.focus();
  };
  const update = () => {
    const found = mentionQuery(textarea.value, textarea.selectionStart ?? textarea.value.length);
    const choices = found ? mentionChoices(directory(), found.trigger, found.query) : [];
    if (!found || choices.length === 0) return close();
    open = { ...found, choices, active: 0 };
    draw();
  };

  textarea.addEventListener('input', update);
  textarea.addEventListener('blur', close);
  // mousedown, not click, with its default prevented: the text box keeps its focus and caret.
  picker.addEventListener('mousedown', (event) => {
    const button = event.target.closest('button[data-index]');
    if (!button) return;
    event.preventDefault();
    pick(Number(button.dataset.index));
  });

  return {
    onKey(event) {
      if (!open) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        open.active = (open.active + step + open.choices.length) % open.choices.length;
        draw();
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        pick(open.active);
      } else if (event.key === 'Escape') {
        close();
      } else {
        return false;
      }
      event.preventDefault();
      return true;
    },
  };
}
