/**
 * A Block Kit renderer for the playground page: Block Kit JSON in, an HTML string out.
 *
 * A plain browser ES module with no dependencies: served as-is to the page and imported by
 * the tests in Node. Rendering never touches the DOM; only collectState and pickSuggestion do,
 * with standard DOM calls. All text is HTML-escaped: the output never carries markup from the
 * blocks' text, values or IDs, only the tags and attributes written here.
 *
 * The page wires events by data attributes (no inline handlers):
 * - buttons: data-kind="button", data-action-id, data-block-id, data-value (when set);
 * - interactive groups in actions blocks and section accessories: data-kind (checkboxes,
 *   radio_buttons, static_select, users_select, conversations_select, datepicker, timepicker),
 *   data-action-id, data-block-id; each choice carries its option as JSON in data-option;
 * - input blocks: real form controls named `${block_id}::${action_id}` with data-element-type,
 *   read back by collectState in Slack's view_submission shapes. An external_select is a text box
 *   (the named control) in a `.bk-external-select` with an empty `.bk-suggestions` container for the
 *   page to fill (renderSuggestions) from block_suggestion answers; pickSuggestion records a pick.
 * Blocks without a block_id get `bk-block-<index>`, elements without an action_id `bk-action-<index>`.
 */

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** Slack sends typed text with &, < and > as entities (and only those). Decoded once, left to right. */
function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt);/g, (_all, name) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

function isObject(value) {
  return typeof value === 'object' && value !== null;
}

function str(value) {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function attr(name, value) {
  return value === undefined || value === null ? '' : ` ${name}="${escapeHtml(value)}"`;
}

function cls(...names) {
  return names.filter(Boolean).join(' ');
}

// --- Text -------------------------------------------------------------------------------------------

/** A plain_text object (or a bare string) as escaped text. Missing or malformed text gives ''. */
export function renderPlainText(textObject) {
  if (typeof textObject === 'string') return escapeHtml(textObject);
  if (!isObject(textObject)) return '';
  return escapeHtml(str(textObject.text));
}

/** A text object of either type: plain_text escaped, mrkdwn converted. */
function renderText(textObject, options) {
  if (isObject(textObject) && textObject.type === 'mrkdwn') return renderMrkdwn(str(textObject.text), options);
  return renderPlainText(textObject);
}

/** A text object as a plain string (for aria labels and JSON), mrkdwn markers left in. */
function textOf(textObject) {
  if (typeof textObject === 'string') return textObject;
  return isObject(textObject) ? str(textObject.text) : '';
}

// Placeholders stand in for code and <…> tokens while the rest is escaped and formatted.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

// Formatting markers count only at word edges, as in Slack: `snake_case` and `2 * 3` stay as typed.
const BEFORE = `(^|[\\s>(\\[{"';:,.!?/\\-${CLOSE}])`;
const AFTER = `(?=$|[\\s<)\\]}"';:,.!?/\\-&${OPEN}])`;
const marker = (char, tag) => ({
  pattern: new RegExp(`${BEFORE}\\${char}(?=[^\\s${char}])([^${char}\\n]*?[^\\s${char}])\\${char}${AFTER}`, 'gm'),
  tag,
});
const MARKERS = [marker('*', 'strong'), marker('_', 'em'), marker('~', 'del')];

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

function lookup(list, id) {
  if (!Array.isArray(list)) return undefined;
  const found = list.find((entry) => isObject(entry) && entry.id === id);
  return found && typeof found.name === 'string' && found.name !== '' ? found.name : undefined;
}

/** One `<…>` token: a link, a user or channel mention, or a special like `<!here>`. */
function renderAngle(inner, options) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(inner.slice(bar + 1));
  const directory = isObject(options) && isObject(options.directory) ? options.directory : {};
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label || lookup(directory.users, id) || id;
    return `<span class="bk-mention bk-mention-user"${attr('data-user-id', id)}>@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label || lookup(directory.channels, id) || id;
    return `<span class="bk-mention bk-mention-channel"${attr('data-channel-id', id)}>#${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('!')) {
    // <!here>, <!channel>, <!everyone>, <!subteam^S1|@sales>, <!date^…|fallback>
    const name = target.slice(1).split('^')[0] ?? '';
    const shown = label || `@${name}`;
    return `<span class="bk-mention bk-mention-special">${escapeHtml(shown)}</span>`;
  }
  const url = decodeEntities(target);
  if (SAFE_URL.test(url)) {
    const text = label || url.replace(/^mailto:/i, '');
    return `<a class="bk-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
  }
  // Not a link Slack would make (javascript:, a bare word): the text as typed.
  return escapeHtml(`<${decodeEntities(inner)}>`);
}

/** Bullet lines (`• ` or `- `) become lists; the other lines are joined by line breaks. */
function renderLines(html) {
  const out = [];
  let text = [];
  let items = [];
  const flushText = () => {
    if (text.length > 0) out.push(text.join('<br>'));
    text = [];
  };
  const flushItems = () => {
    if (items.length > 0) out.push(`<ul class="bk-list">${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);
    items = [];
  };
  for (const line of html.split('\n')) {
    const bullet = /^\s*(?:•|-)\s+(.*)$/.exec(line);
    if (bullet) {
      flushText();
      items.push(bullet[1] ?? '');
    } else {
      flushItems();
      text.push(line);
    }
  }
  flushText();
  flushItems();
  return out.join('');
}

/**
 * Slack mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, <links|label>, <@U1> and
 * <#C1> mentions (named from options.directory when the text has no label), <!here>, line breaks,
 * bullet lines, and the entities &amp; &lt; &gt;. Everything else is escaped.
 */
export function renderMrkdwn(text, options) {
  if (typeof text !== 'string' || text === '') return '';
  const tokens = [];
  const hold = (html) => {
    tokens.push(html);
    return `${OPEN}${tokens.length - 1}${CLOSE}`;
  };
  const code = (body) => escapeHtml(decodeEntities(body));
  let work = text.replace(/[\uE000\uE001]/g, '\uFFFD');
  work = work.replace(/```([\s\S]*?)```/g, (_all, body) =>
    hold(`<pre class="bk-pre">${code(body.replace(/^\n/, ''))}</pre>`),
  );
  work = work.replace(/`([^`\n]+)`/g, (_all, body) => hold(`<code class="bk-code">${code(body)}</code>`));
  work = work.replace(/<([^<>\n]+)>/g, (_all, inner) => hold(renderAngle(inner, options)));
  let html = escapeHtml(decodeEntities(work));
  for (const { pattern, tag } of MARKERS) {
    html = html.replace(pattern, (_all, before, inner) => `${before}<${tag}>${inner}</${tag}>`);
  }
  html = renderLines(html);
  // Tokens can sit inside tokens' text only as escaped text, so one pass restores them all.
  return html.replace(PLACEHOLDER, (_all, index) => tokens[Number(index)] ?? '');
}

// --- Blocks -----------------------------------------------------------------------------------------

function unknown(type) {
  return `<div class="bk-unknown">unsupported: ${escapeHtml(type || 'unknown')}</div>`;
}

/** The state values to show instead of initial values: view.state, view.state.values, or the values. */
function stateValues(context) {
  const state = isObject(context) ? context.state : undefined;
  if (!isObject(state)) return {};
  return isObject(state.values) ? state.values : state;
}

function optionJson(option) {
  const out = { text: option.text, value: option.value };
  if (option.description !== undefined) out.description = option.description;
  return JSON.stringify(out);
}

function optionsOf(element) {
  return Array.isArray(element.options) ? element.options.filter(isObject) : [];
}

function sameOption(a, b) {
  return isObject(a) && isObject(b) && a.value === b.value;
}

/** Where an element's events go: its action and block, and the view when the page passed one. */
function routing(ids, kind) {
  return `${attr('data-kind', kind)}${attr('data-action-id', ids.actionId)}${attr('data-block-id', ids.blockId)}${attr('data-view-id', ids.viewId)}`;
}

function renderButton(element, ids) {
  const style = element.style === 'primary' || element.style === 'danger' ? `bk-button-${element.style}` : '';
  const confirm = isObject(element.confirm) ? JSON.stringify(element.confirm) : undefined;
  return (
    `<button type="button" class="${cls('bk-button', style)}"${routing(ids, 'button')}` +
    `${attr('data-value', typeof element.value === 'string' ? element.value : undefined)}` +
    `${attr('data-url', typeof element.url === 'string' ? element.url : undefined)}` +
    `${attr('data-confirm', confirm)}>${renderPlainText(element.text)}</button>`
  );
}

function renderChoice(option, input) {
  const description = isObject(option.description)
    ? `<span class="bk-option-description">${renderText(option.description, input.options)}</span>`
    : '';
  return (
    `<label class="bk-option"><input type="${input.type}"${input.name ? attr('name', input.name) : ''}` +
    `${attr('value', str(option.value))}${attr('data-option', optionJson(option))}` +
    `${input.elementType ? attr('data-element-type', input.elementType) : ''}${input.checked ? ' checked' : ''}` +
    `${input.required ? ' data-required' : ''}>` +
    `<span class="bk-option-text">${renderText(option.text, input.options)}</span>${description}</label>`
  );
}

/** Checkboxes or radio buttons; `form` names them as input-block controls, else the group routes events. */
function renderChoices(element, ids, form, textOptions) {
  const type = element.type === 'checkboxes' ? 'checkbox' : 'radio';
  const initial = element.type === 'checkboxes' ? element.initial_options : [element.initial_option];
  const chosen = form?.state ? form.state : Array.isArray(initial) ? initial : [];
  const group = type === 'checkbox' ? 'bk-checkboxes' : 'bk-radio-buttons';
  const choices = optionsOf(element).map((option) =>
    renderChoice(option, {
      type,
      // Radio buttons outside a form still need one name each group, to be exclusive; no data-element-type,
      // so collectState leaves them out.
      name: form ? form.name : type === 'radio' ? `bk-radio::${ids.blockId}::${ids.actionId}` : undefined,
      elementType: form ? element.type : undefined,
      checked: chosen.some((c) => sameOption(c, option)),
      required: form?.required && type === 'radio',
      options: textOptions,
    }),
  );
  const route = form ? '' : routing(ids, element.type);
  const label = form?.label ? attr('aria-label', form.label) : '';
  return `<div class="${group}" role="group"${route}${label}>${choices.join('')}</div>`;
}

function renderOptionTag(option, selected) {
  return `<option${attr('value', str(option.value))}${attr('data-option', optionJson(option))}${selected ? ' selected' : ''}>${escapeHtml(textOf(option.text))}</option>`;
}

function renderStaticSelect(element, attrs, chosen) {
  const placeholder = textOf(element.placeholder) || 'Select an item';
  const parts = [`<option value="">${escapeHtml(placeholder)}</option>`];
  const groups = Array.isArray(element.option_groups) ? element.option_groups.filter(isObject) : [];
  for (const option of optionsOf(element)) parts.push(renderOptionTag(option, sameOption(option, chosen)));
  for (const group of groups) {
    const inner = optionsOf(group).map((option) => renderOptionTag(option, sameOption(option, chosen)));
    parts.push(`<optgroup${attr('label', textOf(group.label))}>${inner.join('')}</optgroup>`);
  }
  return `<select class="bk-select"${attrs}>${parts.join('')}</select>`;
}

/** A select of the directory's users or channels, with the chosen ID kept even when the directory lacks it. */
function renderDirectorySelect(element, attrs, chosen, context) {
  const channels = element.type === 'conversations_select' || element.type === 'channels_select';
  const directory = isObject(context) && isObject(context.directory) ? context.directory : {};
  const list = (channels ? directory.channels : directory.users) ?? [];
  const entries = Array.isArray(list) ? list.filter((e) => isObject(e) && typeof e.id === 'string') : [];
  const prefix = channels ? '#' : '';
  const placeholder = textOf(element.placeholder) || (channels ? 'Select a channel' : 'Select a person');
  const parts = [`<option value="">${escapeHtml(placeholder)}</option>`];
  if (typeof chosen === 'string' && chosen !== '' && !entries.some((e) => e.id === chosen)) {
    parts.push(`<option${attr('value', chosen)} selected>${escapeHtml(prefix + chosen)}</option>`);
  }
  for (const entry of entries) {
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : entry.id;
    parts.push(
      `<option${attr('value', entry.id)}${entry.id === chosen ? ' selected' : ''}>${escapeHtml(prefix + name)}</option>`,
    );
  }
  return `<select class="bk-select"${attrs}>${parts.join('')}</select>`;
}

/** An interactive element of an actions block or a section accessory: its events go to block_actions. */
function renderInteractive(element, ids, context) {
  const type = str(element.type);
  const textOptions = { directory: context?.directory };
  switch (type) {
    case 'button':
      return renderButton(element, ids);
    case 'checkboxes':
    case 'radio_buttons':
      return renderChoices(element, ids, null, textOptions);
    case 'static_select':
      return renderStaticSelect(element, routing(ids, type), element.initial_option);
    case 'users_select':
      return renderDirectorySelect(element, routing(ids, type), element.initial_user, context);
    case 'conversations_select':
    case 'channels_select':
      return renderDirectorySelect(
        element,
        routing(ids, type),
        element.initial_conversation ?? element.initial_channel,
        context,
      );
    case 'datepicker':
      return `<input type="date" class="bk-date"${routing(ids, type)}${attr('value', element.initial_date)}>`;
    case 'timepicker':
      return `<input type="time" class="bk-time"${routing(ids, type)}${attr('value', element.initial_time)}>`;
    default:
      return unknown(type);
  }
}

function idsOf(element, blockId, fallbackAction, context) {
  const actionId =
    typeof element.action_id === 'string' && element.action_id !== '' ? element.action_id : fallbackAction;
  return { actionId, blockId, viewId: isObject(context) ? context.viewId : undefined };
}

/** An input block's element as a real form control named `${block_id}::${action_id}`. */
function renderControl(element, blockId, actionId, block, context) {
  const type = str(element.type);
  const name = `${blockId}::${actionId}`;
  const current = stateValues(context)[blockId]?.[actionId];
  const state = isObject(current) ? current : undefined;
  const required = block.optional !== true;
  const label = textOf(block.label);
  const placeholder = textOf(element.placeholder);
  const base =
    `${attr('name', name)}${attr('data-element-type', type)}${attr('aria-label', label)}` +
    `${placeholder ? attr('placeholder', placeholder) : ''}${required ? ' data-required' : ''}`;
  const pick = (key, initial) => (state && key in state ? state[key] : initial);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input': {
      const value = pick('value', element.initial_value);
      const limits = `${attr('maxlength', element.max_length)}${attr('minlength', element.min_length)}`;
      if (element.multiline === true && type === 'plain_text_input') {
        return `<textarea class="bk-textarea" rows="4"${base}${limits}>${escapeHtml(value ?? '')}</textarea>`;
      }
      const inputType = type === 'email_text_input' ? 'email' : type === 'url_text_input' ? 'url' : 'text';
      return `<input type="${inputType}" class="bk-text-input"${base}${limits}${attr('value', value)}>`;
    }
    case 'number_input': {
      const value = pick('value', element.initial_value);
      const step = element.is_decimal_allowed === true ? 'any' : '1';
      return (
        `<input type="number" class="bk-number-input"${base}${attr('step', step)}` +
        `${attr('min', element.min_value)}${attr('max', element.max_value)}${attr('value', value)}>`
      );
    }
    case 'static_select':
      return renderStaticSelect(element, base, pick('selected_option', element.initial_option));
    case 'external_select': {
      // The text box is the control: it shows the chosen option's text and holds the option itself in
      // data-option (and its value in data-value); the page fills .bk-suggestions from block_suggestion.
      const chosen = pick('selected_option', element.initial_option);
      const option = isObject(chosen) ? chosen : undefined;
      const picked = option ? `${attr('data-value', str(option.value))}${attr('data-option', optionJson(option))}` : '';
      return (
        `<div class="bk-external-select"${attr('data-action-id', actionId)}${attr('data-block-id', blockId)}` +
        `${attr('data-min-query-length', element.min_query_length ?? 3)}>` +
        `<input type="text" class="bk-text-input bk-external-query" autocomplete="off" role="combobox"${base}` +
        `${attr('value', option ? textOf(option.text) : undefined)}${picked}>` +
        `<div class="bk-suggestions" role="listbox"${attr('data-suggestions-for', name)}></div></div>`
      );
    }
    case 'radio_buttons': {
      const chosen = pick('selected_option', element.initial_option);
      return renderChoices(element, {}, { name, required, label, state: [chosen] }, { directory: context?.directory });
    }
    case 'checkboxes': {
      const chosen = pick('selected_options', element.initial_options);
      const list = Array.isArray(chosen) ? chosen : [];
      return renderChoices(element, {}, { name, label, state: list }, { directory: context?.directory });
    }
    case 'timepicker':
      return `<input type="time" class="bk-time"${base}${attr('value', pick('selected_time', element.initial_time))}>`;
    case 'datepicker':
      return `<input type="date" class="bk-date"${base}${attr('value', pick('selected_date', element.initial_date))}>`;
    case 'users_select':
      return renderDirectorySelect(element, base, pick('selected_user', element.initial_user), context);
    case 'conversations_select':
      return renderDirectorySelect(element, base, pick('selected_conversation', element.initial_conversation), context);
    default:
      return unknown(type);
  }
}

/**
 * Where an image block's picture comes from: image_url, slack_file.url, or slack_file.id looked up in
 * context.files (the files the workspace stand-in holds, by ID). Null when there is none.
 */
function imageSource(block, context) {
  const web = (url) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null);
  if (block.image_url !== undefined) return web(block.image_url);
  const file = isObject(block.slack_file) ? block.slack_file : {};
  if (file.url !== undefined) return web(file.url);
  const files = isObject(context) && isObject(context.files) ? context.files : {};
  return typeof file.id === 'string' ? web(files[file.id]) : null;
}

/** An image block: its title above (as Slack shows it), the picture with its alt text. */
function renderImage(block, context) {
  const title = isObject(block.title) ? `<div class="bk-image-title">${renderPlainText(block.title)}</div>` : '';
  const alt = str(block.alt_text);
  const src = imageSource(block, context);
  // A file not (yet) known: its alt text stands in, as when Slack cannot load an image.
  const picture = src
    ? `<img class="bk-image-img"${attr('src', src)}${attr('alt', alt)}${attr('title', alt)} loading="lazy">`
    : `<div class="bk-image-missing">${escapeHtml(alt)}</div>`;
  return `${title}${picture}`;
}

function blockAttrs(kind, blockId) {
  return `class="bk-block bk-${kind}"${attr('data-block-id', blockId)}`;
}

function renderBlock(block, index, context) {
  if (!isObject(block)) return unknown('');
  const type = str(block.type);
  const blockId = typeof block.block_id === 'string' && block.block_id !== '' ? block.block_id : `bk-block-${index}`;
  const textOptions = { directory: context?.directory };
  switch (type) {
    case 'header':
      return `<div ${blockAttrs('header', blockId)}><h2 class="bk-header-text">${renderPlainText(block.text)}</h2></div>`;
    case 'divider':
      return `<hr ${blockAttrs('divider', blockId)}>`;
    case 'section': {
      const parts = [];
      if (isObject(block.text)) parts.push(`<div class="bk-text">${renderText(block.text, textOptions)}</div>`);
      if (Array.isArray(block.fields) && block.fields.length > 0) {
        const fields = block.fields.map((field) => `<div class="bk-field">${renderText(field, textOptions)}</div>`);
        parts.push(`<div class="bk-fields">${fields.join('')}</div>`);
      }
      const body = `<div class="bk-section-body">${parts.join('')}</div>`;
      const accessory = isObject(block.accessory)
        ? `<div class="bk-accessory">${renderInteractive(block.accessory, idsOf(block.accessory, blockId, `bk-action-${index}`, context), context)}</div>`
        : '';
      return `<div ${blockAttrs('section', blockId)}>${body}${accessory}</div>`;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      const items = elements.map((element) => {
        if (isObject(element) && (element.type === 'mrkdwn' || element.type === 'plain_text')) {
          return `<span class="bk-context-item">${renderText(element, textOptions)}</span>`;
        }
        if (isObject(element) && element.type === 'image') {
          const src = imageSource(element, context);
          return src
            ? `<img class="bk-context-image"${attr('src', src)}${attr('alt', str(element.alt_text))}>`
            : `<span class="bk-context-item">${escapeHtml(str(element.alt_text))}</span>`;
        }
        return unknown(isObject(element) ? str(element.type) : '');
      });
      return `<div ${blockAttrs('context', blockId)}>${items.join('')}</div>`;
    }
    case 'image':
      return `<div ${blockAttrs('image', blockId)}>${renderImage(block, context)}</div>`;
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      const items = elements.map((element, i) =>
        isObject(element)
          ? renderInteractive(element, idsOf(element, blockId, `bk-action-${index}-${i}`, context), context)
          : unknown(''),
      );
      return `<div ${blockAttrs('actions', blockId)}>${items.join('')}</div>`;
    }
    case 'input': {
      const element = isObject(block.element) ? block.element : {};
      const actionId = idsOf(element, blockId, `bk-action-${index}`, context).actionId;
      const errors = isObject(context) && isObject(context.errors) ? context.errors : {};
      const error = typeof errors[blockId] === 'string' ? errors[blockId] : '';
      const optional = block.optional === true ? ' <span class="bk-optional">(optional)</span>' : '';
      return (
        `<div ${blockAttrs(error ? 'input bk-has-error' : 'input', blockId)}>` +
        `<div class="bk-label">${renderPlainText(block.label)}${optional}</div>` +
        `<div class="bk-control">${renderControl(element, blockId, actionId, block, context)}</div>` +
        `${isObject(block.hint) ? `<div class="bk-hint">${renderPlainText(block.hint)}</div>` : ''}` +
        `${error ? `<div class="bk-error" role="alert">${escapeHtml(error)}</div>` : ''}</div>`
      );
    }
    default:
      return unknown(type);
  }
}

/**
 * Blocks (or a view or message holding them in `blocks`) as an HTML string, wrapped in one
 * `div.bk-blocks` (data-surface, data-view-id).
 * context: { surface, viewId?, state? (view.state or its values: shown instead of initial values),
 * directory? ({ users, channels } for mentions and the user and channel selects), errors? (from
 * response_action: errors, keyed by block ID) }. Never throws: what it cannot draw is a bk-unknown.
 */
export function renderBlocks(blocks, context) {
  const surface = isObject(context) && typeof context.surface === 'string' ? context.surface : 'message';
  const viewId = isObject(context) ? context.viewId : undefined;
  const list = Array.isArray(blocks) ? blocks : isObject(blocks) && Array.isArray(blocks.blocks) ? blocks.blocks : [];
  const html = list.map((block, index) => {
    try {
      return renderBlock(block, index, context);
    } catch {
      return unknown(isObject(block) ? str(block.type) : '');
    }
  });
  return `<div class="bk-blocks bk-surface-${escapeHtml(surface)}"${attr('data-surface', surface)}${attr('data-view-id', viewId)}>${html.join('')}</div>`;
}

/**
 * Suggestions for an external_select (the options a block_suggestion answered with) as buttons for
 * its `.bk-suggestions` container; option_groups too. The page calls pickSuggestion on a click.
 */
export function renderSuggestions(options, optionGroups) {
  const button = (option) =>
    `<button type="button" class="bk-suggestion" role="option"${attr('data-value', str(option.value))}${attr('data-option', optionJson(option))}>${escapeHtml(textOf(option.text))}</button>`;
  const flat = Array.isArray(options) ? options.filter(isObject).map(button) : [];
  const groups = Array.isArray(optionGroups) ? optionGroups.filter(isObject) : [];
  for (const group of groups) {
    flat.push(`<div class="bk-suggestion-group">${escapeHtml(textOf(group.label))}</div>`);
    flat.push(...optionsOf(group).map(button));
  }
  return flat.join('');
}

// --- Reading the controls back (browser) ------------------------------------------------------------

function parseOption(json) {
  if (typeof json !== 'string' || json === '') return null;
  try {
    const option = JSON.parse(json);
    return isObject(option) ? option : null;
  } catch {
    return null;
  }
}

/** The option a control stands for: its data-option, or one made from its value and label. */
function optionFrom(el, label) {
  const option = parseOption(el.getAttribute('data-option'));
  if (option) return option;
  return { text: { type: 'plain_text', text: str(label ?? el.value) }, value: str(el.value) };
}

/**
 * What an external_select's text box stands for: the picked option while its text is still shown;
 * else the value the page put in data-value, with the text shown; else nothing (text typed, none picked).
 */
function externalChoice(el, text) {
  if (text === '') return null;
  const option = parseOption(el.getAttribute('data-option'));
  if (option) return textOf(option.text) === text ? option : null;
  const value = el.getAttribute('data-value');
  return value ? { text: { type: 'plain_text', text }, value } : null;
}

/**
 * An external_select choice: puts the picked suggestion (a button renderSuggestions drew) into its
 * picker's text box: the option's text as the value, the option in data-option and data-value, and
 * empties the suggestions. Returns whether the suggestion belonged to a picker.
 */
export function pickSuggestion(suggestion) {
  const picker = suggestion?.closest?.('.bk-external-select');
  if (!picker) return false;
  const control = picker.querySelector('[data-element-type="external_select"]');
  const list = picker.querySelector('.bk-suggestions');
  const option = parseOption(suggestion.getAttribute('data-option'));
  if (!control || !option) return false;
  control.value = textOf(option.text);
  control.setAttribute('data-value', str(option.value));
  control.setAttribute('data-option', JSON.stringify(option));
  if (list) list.innerHTML = '';
  return true;
}

/**
 * view.state.values from the input-block controls inside `root` (a form or any element), in Slack's
 * view_submission shapes: { [block_id]: { [action_id]: { type, value | selected_… } } }.
 * Standard DOM only: querySelectorAll, getAttribute, value, checked, options and selectedIndex.
 */
export function collectState(root) {
  const values = {};
  if (!root || typeof root.querySelectorAll !== 'function') return values;
  for (const el of Array.from(root.querySelectorAll('[name][data-element-type]'))) {
    const name = str(el.getAttribute('name'));
    const split = name.indexOf('::');
    if (split === -1) continue;
    const blockId = name.slice(0, split);
    const actionId = name.slice(split + 2);
    const type = str(el.getAttribute('data-element-type'));
    values[blockId] ??= {};
    const block = values[blockId];
    const value = str(el.value);
    switch (type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input':
        block[actionId] = { type, value: value === '' ? null : value };
        break;
      case 'static_select': {
        const chosen = el.selectedIndex >= 0 ? el.options?.[el.selectedIndex] : undefined;
        block[actionId] = {
          type,
          selected_option: value === '' || !chosen ? null : optionFrom(chosen, chosen.textContent),
        };
        break;
      }
      case 'external_select':
        block[actionId] = { type, selected_option: externalChoice(el, value) };
        break;
      case 'radio_buttons': {
        const previous = block[actionId]?.selected_option ?? null;
        block[actionId] = { type, selected_option: el.checked ? optionFrom(el) : previous };
        break;
      }
      case 'checkboxes': {
        const previous = block[actionId]?.selected_options ?? [];
        block[actionId] = { type, selected_options: el.checked ? [...previous, optionFrom(el)] : previous };
        break;
      }
      case 'timepicker':
        block[actionId] = { type, selected_time: value === '' ? null : value };
        break;
      case 'datepicker':
        block[actionId] = { type, selected_date: value === '' ? null : value };
        break;
      case 'users_select':
        block[actionId] = { type, selected_user: value === '' ? null : value };
        break;
      case 'conversations_select':
        block[actionId] = { type, selected_conversation: value === '' ? null : value };
        break;
      default:
        break;
    }
  }
  return values;
}
