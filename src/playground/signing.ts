import { slackSignature } from '../slack/http-guard.js';

/** The app checks requests with this: one implementation, for the playground, the tests and the benchmark. */
export { slackSignature };

/** POSTs to the app as Slack does: signed with the signing secret, timestamped now. */
export async function signedPost(
  url: string,
  body: string,
  contentType: string,
  secret: string,
): Promise<{ status: number; body: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = slackSignature(secret, timestamp, body);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
    body,
  });
  return { status: res.status, body: await res.text() };
}
