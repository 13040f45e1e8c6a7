import { describe, expect, it } from 'vitest';
import { asSlackSends } from '../../src/playground/slack-text.js';

describe('the playground composer encodes typed text as Slack sends it', () => {
  it.each<[typed: string, sent: string]>([
    ['won 30k <script>x</script> & *Bold* Co', 'won 30k &lt;script&gt;x&lt;/script&gt; &amp; *Bold* Co'],
    ['R&D', 'R&amp;D'],
    // Already-encoded text is encoded again: the rep typed the ampersand.
    ['&amp;', '&amp;amp;'],
    // Slack's own escapes pass as they are.
    ['quota 100k <@U0DANA>', 'quota 100k <@U0DANA>'],
    ['channel <#C0SALES|sales>', 'channel <#C0SALES|sales>'],
    ['see <https://example.com|site> & <!here>', 'see <https://example.com|site> &amp; <!here>'],
    ['a < b > c', 'a &lt; b &gt; c'],
  ])('%j → %j', (typed, sent) => {
    expect(asSlackSends(typed)).toBe(sent);
  });
});
