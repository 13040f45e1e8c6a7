/**
 * Text as Slack sends what a person typed: `&`, `<` and `>` arrive as `&amp;`, `&lt;` and `&gt;`, while the
 * escapes Slack's own composer makes (a user or channel mention, `<!here>`, a link) arrive as they are.
 * The playground's composer is a plain text box, so it encodes what was typed the same way.
 */
const SLACK_ESCAPE =
  /<(?:@[UW][A-Z0-9]+(?:\|[^<>]*)?|#C[A-Z0-9]+(?:\|[^<>]*)?|![a-z]+(?:\^[A-Z0-9]+)?(?:\|[^<>]*)?|(?:https?|mailto):[^<>\s]+)>/g;

export function asSlackSends(typed: string): string {
  let out = '';
  let last = 0;
  for (const match of typed.matchAll(SLACK_ESCAPE)) {
    out += encode(typed.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + encode(typed.slice(last));
}

function encode(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
