import { createHmac } from 'node:crypto';

/** Slack's request signature: v0=hex(HMAC_SHA256(secret, "v0:" + timestamp + ":" + body)). */
export function slackSignature(secret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

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
