// The playground page: shows what the app sent to the local workspace, and turns clicks and
// typing into the requests Slack would send (the server signs and forwards them).
import { collectState, pickSuggestion, renderBlocks, renderMrkdwn, renderSuggestions } from './blockkit.js';
import { attachMentionPicker } from './mentions.js';
import { missingRequired, REQUIRED_MESSAGE } from './required.js';

const $ = (selector) => document.querySelector(selector);
let state = null;
let user = new URLSearchParams(location.search).get('user') ?? 'UDEMO0001';
let tab = 'dm';
let shownModal = null;
let shownMessages = 0;

async function api(route, body) {
  const res = await fetch(`/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, ...body }),
  });
  return res.json();
}

async function refresh() {
  state = await (await fetch(`/api/state?user=${encodeURIComponent(user)}`)).json();
  render();
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

function nameOf(id) {
  return state.people.find((p) => p.id === id)?.name ?? id;
}

/** Files shared with a message (completeUploadExternal), shown as Slack shows an image file. */
function filesHtml(m) {
  return (m.files ?? [])
    .map((f) => {
      const src = state.files?.[f.id];
      const alt = escapeHtml(f.alt || f.title);
      return src
        ? `<figure class="file"><img class="bk-image-img" src="${escapeHtml(src)}" alt="${alt}" title="${alt}"><figcaption>${escapeHtml(f.title)}</figcaption></figure>`
        : `<div class="bk-image-missing">${alt}</div>`;
    })
    .join('');
}

function messageHtml(m, context) {
  const who = m.user ? (m.user === user ? 'You' : nameOf(m.user)) : 'Focus Coach';
  const text = m.blocks?.length ? renderBlocks(m.blocks, context) : m.text ? `<div>${renderMrkdwn(m.text)}</div>` : '';
  const body = text + filesHtml(m);
  const note = m.ephemeral ? '<div class="note">Only visible to you</div>' : '';
  const kind = m.user === user ? 'mine' : 'app';
  return `<div class="msg ${kind}${m.ephemeral ? ' ephemeral' : ''}" data-ts="${escapeHtml(m.ts)}"><div class="who">${escapeHtml(who)}</div>${body}${note}</div>`;
}

function render() {
  const select = $('#person');
  if (!select.options.length) {
    select.innerHTML = state.people.map((p) => `<option value="${p.id}">${escapeHtml(p.name)}</option>`).join('');
  }
  select.value = user;
  const you = state.people.find((p) => p.id === user);
  const when = new Date(state.now).toLocaleString('en-US', {
    timeZone: you?.tz ?? 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  $('#clock').textContent = `${when} (${you?.tz ?? 'UTC'})`;

  // Mentions are shown by name, as Slack does.
  const dmContext = { surface: 'message', directory: state.directory, files: state.files };
  const grew = state.dm.length !== shownMessages;
  shownMessages = state.dm.length;
  $('#pane-dm').innerHTML = state.dm.length
    ? state.dm.map((m) => messageHtml(m, dmContext)).join('')
    : '<p class="empty">Nothing here yet. Type <code>/focus</code> below to see your gap card, or jump to the next check-in.</p>';
  // New messages arrive at the bottom, as in Slack.
  if (grew && tab === 'dm') $('main').scrollTop = $('main').scrollHeight;

  $('#pane-home').innerHTML = state.home
    ? `<div class="home">${renderBlocks(state.home.blocks ?? [], { surface: 'home', viewId: 'VHOME', directory: state.directory, files: state.files })}</div>`
    : '<p class="empty">Opening your Home tab…</p>';

  const channel = state.channel.messages;
  const tops = channel.filter((m) => !m.threadTs);
  $('#pane-channel').innerHTML = tops.length
    ? tops
        .map((top) => {
          const replies = channel.filter((m) => m.threadTs === top.ts);
          const thread = replies.length
            ? `<div class="thread">${replies.map((r) => messageHtml(r, dmContext)).join('')}</div>`
            : '';
          return messageHtml(top, dmContext) + thread;
        })
        .join('')
    : '<p class="empty">The weekly progress post lands here. Jump to the next weekly post to see it.</p>';

  renderModal();
}

function renderModal() {
  const modal = state.modal;
  const box = $('#modal');
  if (!modal) {
    box.hidden = true;
    box.innerHTML = '';
    shownModal = null;
    return;
  }
  if (shownModal === modal.id) return; // keep what is being typed
  shownModal = modal.id;
  const view = modal.view;
  box.hidden = false;
  // novalidate: required fields are checked here and shown as Slack shows them, not as browser tooltips.
  box.innerHTML = `<form class="sheet" novalidate data-view-id="${escapeHtml(modal.id)}">
    <h2>${escapeHtml(view.title?.text ?? '')}</h2>
    ${renderBlocks(view.blocks ?? [], { surface: 'modal', viewId: modal.id, directory: state.directory, files: state.files })}
    <div class="buttons">
      <button type="button" class="bk-button" data-close>${escapeHtml(view.close?.text ?? 'Cancel')}</button>
      ${view.submit ? `<button type="submit" class="bk-button bk-button-primary">${escapeHtml(view.submit.text)}</button>` : ''}
    </div>
  </form>`;
}

// Buttons anywhere (messages, Home, modals) post block_actions.
document.addEventListener('click', async (event) => {
  const suggestion = event.target.closest('.bk-suggestion');
  if (suggestion) {
    pickSuggestion(suggestion);
    return;
  }
  const button = event.target.closest('[data-kind="button"]');
  if (button) {
    event.preventDefault();
    // A button with a confirm object asks first, as Slack does.
    const ask = button.dataset.confirm ? JSON.parse(button.dataset.confirm) : null;
    if (ask && !confirm(String(ask.text?.text ?? ask.title?.text ?? 'Are you sure?').replace(/[*_`]/g, ''))) return;
    const inHome = button.closest('#pane-home');
    const message = button.closest('.msg');
    await api('action', {
      actionId: button.dataset.actionId,
      blockId: button.dataset.blockId,
      value: button.dataset.value,
      viewId: inHome ? 'VHOME' : undefined,
      messageTs: message?.dataset.ts,
    });
    await refresh();
    if (message) message.scrollIntoView({ block: 'nearest' });
    return;
  }
  const close = event.target.closest('[data-close]');
  if (close) {
    await api('close', { viewId: shownModal });
    await refresh();
  }
});

// Ticking plan items (checkboxes in an actions block) posts block_actions with the selection;
// picking a date in a message or on Home (not in a form) posts it at once, as Slack does.
document.addEventListener('change', async (event) => {
  const picker = event.target.closest('[data-kind="datepicker"]');
  if (picker && !picker.closest('#modal')) {
    const message = picker.closest('.msg');
    await api('action', {
      actionId: picker.dataset.actionId,
      blockId: picker.dataset.blockId,
      selectedDate: picker.value,
      viewId: picker.closest('#pane-home') ? 'VHOME' : undefined,
      messageTs: message?.dataset.ts,
    });
    await refresh();
    return;
  }
  const group = event.target.closest('[data-kind="checkboxes"]');
  if (!group || group.closest('#modal')) return;
  const selected = [...group.querySelectorAll('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
  await api('action', {
    actionId: group.dataset.actionId,
    blockId: group.dataset.blockId,
    selected,
    viewId: group.closest('#pane-home') ? 'VHOME' : undefined,
    messageTs: group.closest('.msg')?.dataset.ts,
  });
  await refresh();
});

// The account picker asks the app for options (block_suggestion) as the rep types, and on focus.
async function suggest(input) {
  const picker = input.closest('.bk-external-select');
  const { options = [], option_groups: groups } = await api('suggest', { value: input.value });
  picker.querySelector('.bk-suggestions').innerHTML = renderSuggestions(options, groups);
}
document.addEventListener('input', (event) => {
  const input = event.target.closest('.bk-external-query');
  if (!input) return;
  // Typing again drops an earlier pick until a suggestion is chosen.
  input.removeAttribute('data-value');
  input.removeAttribute('data-option');
  void suggest(input);
});
document.addEventListener('focusin', (event) => {
  const input = event.target.closest('.bk-external-query');
  if (input) void suggest(input);
});

$('#modal').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  for (const old of form.querySelectorAll('.bk-error')) old.remove();
  for (const old of form.querySelectorAll('.bk-has-error')) old.classList.remove('bk-has-error');
  const showErrors = (errors) => {
    for (const [blockId, message] of Object.entries(errors)) {
      const block = form.querySelector(`[data-block-id="${CSS.escape(blockId)}"]`) ?? form;
      block.classList.add('bk-has-error');
      block.insertAdjacentHTML('beforeend', `<div class="bk-error" role="alert">${escapeHtml(message)}</div>`);
    }
  };
  // As Slack does: an empty required field is caught before anything is sent to the app.
  const missing = missingRequired(form);
  if (missing.length) return showErrors(Object.fromEntries(missing.map((id) => [id, REQUIRED_MESSAGE])));
  const result = await api('submit', { viewId: form.dataset.viewId, values: collectState(form) });
  if (result.errors) return showErrors(result.errors);
  await refresh();
});

$('#composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('#message');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  const command = /^\/focus\b/i.exec(text);
  if (command) await api('command', { text: text.slice(command[0].length).trim() });
  else await api('message', { text });
  await refresh();
  void showTab('dm');
});

// Enter sends, as in Slack; Shift+Enter starts a new line (a plan, one priority a line).
const mentions = attachMentionPicker($('#message'), $('#mention-picker'), () => state?.directory);
$('#message').addEventListener('keydown', (event) => {
  if (mentions.onKey(event)) return;
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('#composer').requestSubmit();
  }
});

for (const button of document.querySelectorAll('[data-clock]')) {
  button.addEventListener('click', async () => {
    await api('clock', { to: button.dataset.clock });
    await refresh();
  });
}

// The app imports the sample CSV as `cli import` does; the line it answers says what changed.
$('#crm-sample').addEventListener('click', async () => {
  const result = await api('crmSample', {});
  $('#notice').textContent = result.message;
  $('#notice').hidden = false;
  await refresh();
});

$('#reset').addEventListener('click', async () => {
  if (!confirm('Start the demo over with fresh data?')) return;
  $('#notice').hidden = true;
  await api('reset', {});
  await refresh();
});

$('#person').addEventListener('change', async (event) => {
  user = event.target.value;
  history.replaceState(null, '', `?user=${encodeURIComponent(user)}`);
  shownModal = null;
  if (tab === 'home') await api('home', {});
  await refresh();
});

async function showTab(name) {
  tab = name;
  for (const b of document.querySelectorAll('[data-tab]')) b.classList.toggle('active', b.dataset.tab === name);
  for (const pane of ['dm', 'home', 'channel']) $(`#pane-${pane}`).hidden = pane !== name;
  if (name === 'home') {
    await api('home', {});
    await refresh();
  }
}

for (const button of document.querySelectorAll('[data-tab]')) {
  button.addEventListener('click', () => showTab(button.dataset.tab));
}

await refresh();
setInterval(refresh, 1500);
