/** Declarations for blockkit.js, the playground's Block Kit renderer (a plain browser ES module). */

export type Surface = 'message' | 'home' | 'modal';

export interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

export interface OptionObject {
  text: TextObject;
  value?: string;
  description?: TextObject;
}

export interface OptionGroup {
  label: TextObject;
  options: OptionObject[];
}

export interface DirectoryEntry {
  id: string;
  name: string;
}

/** Names for mentions (`<@U1>`, `<#C1>`) and the options of users_select and conversations_select. */
export interface Directory {
  users?: readonly DirectoryEntry[];
  channels?: readonly DirectoryEntry[];
}

/** One element's state in a view_submission's view.state.values. */
export type ElementState =
  | { type: 'plain_text_input' | 'email_text_input' | 'url_text_input' | 'number_input'; value: string | null }
  | { type: 'static_select' | 'external_select' | 'radio_buttons'; selected_option: OptionObject | null }
  | { type: 'checkboxes'; selected_options: OptionObject[] }
  | { type: 'timepicker'; selected_time: string | null }
  | { type: 'datepicker'; selected_date: string | null }
  | { type: 'users_select'; selected_user: string | null }
  | { type: 'conversations_select'; selected_conversation: string | null };

/** view.state.values: `{ [block_id]: { [action_id]: state } }`. */
export type StateValues = Record<string, Record<string, ElementState>>;

export interface RenderContext {
  surface: Surface;
  /** Put on the wrapper, buttons and interactive groups as data-view-id. */
  viewId?: string;
  /** view.state (or its values): shown in input blocks instead of their initial values. */
  state?: { values: StateValues } | StateValues;
  directory?: Directory;
  /** A response_action "errors" map: block ID to message, shown under that input block. */
  errors?: Record<string, string>;
  /** Image URLs of files the workspace holds, by file ID: for image blocks with `slack_file: { id }`. */
  files?: Record<string, string>;
}

export interface MrkdwnOptions {
  directory?: Directory;
}

/** Just what collectState needs of a DOM element: a form, a modal sheet, any container. */
export interface QueryRoot {
  querySelectorAll(selectors: string): ArrayLike<unknown>;
}

/** Just what pickSuggestion needs of the clicked suggestion button. */
export interface SuggestionLike {
  closest(selectors: string): unknown;
  getAttribute(name: string): string | null;
}

/** HTML-escapes &, <, >, " and '. */
export function escapeHtml(value: unknown): string;

/** An HTML string for the blocks (or a view or message's `blocks`), wrapped in one `div.bk-blocks`. Never throws. */
export function renderBlocks(
  blocks: readonly unknown[] | { blocks: readonly unknown[] } | null | undefined,
  context?: RenderContext,
): string;

/** Slack mrkdwn as an HTML fragment; everything that is not mrkdwn is escaped. */
export function renderMrkdwn(text: string, options?: MrkdwnOptions): string;

/** A plain_text object (or a string) as escaped text. */
export function renderPlainText(textObject: TextObject | OptionObject['text'] | string | null | undefined): string;

/** Buttons (`button.bk-suggestion[data-option]`) for an external_select's `.bk-suggestions` container. */
export function renderSuggestions(
  options: readonly OptionObject[] | null | undefined,
  optionGroups?: readonly OptionGroup[] | null,
): string;

/** Puts a clicked suggestion into its external_select; false when it belongs to none. */
export function pickSuggestion(suggestion: SuggestionLike | null | undefined): boolean;

/** view.state.values read from the input-block controls inside root. */
export function collectState(root: QueryRoot | null | undefined): StateValues;
