/**
 * The floor for the benchmark: a bare Bolt app in HTTP mode whose /focus acknowledges a
 * fixed two-block reply. Same receiver, same signature checks, no work of ours. Plain
 * JavaScript, run by plain node, as the app's compiled build is.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const port = Number(process.env.PORT ?? 3000);
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  logLevel: LogLevel.ERROR,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ],
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command('/focus', async ({ ack }) => {
  await ack({
    response_type: 'ephemeral',
    text: 'Q4 2026: $90,000 gap to your $120,000 quota (25% won).',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Q4 2026 · 24 working days left' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*$90,000 to go* of your $120,000 quota' } },
    ],
  });
});
await app.start(port);
