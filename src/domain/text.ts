/** Small text helpers shared by the parsers and the views. */

/** Quoted user text is cut to this many characters so replies stay short. */
const QUOTE_LIMIT = 40;

/** ‘text’ on one line, cut to about 40 characters without splitting a character. */
export function quote(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  const shown = chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT - 1).join('')}…` : chars.join('');
  return `‘${shown}’`;
}

/** Slack sends typed text with &, < and > as entities (and only those); this gives the text back as typed. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_all, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}
