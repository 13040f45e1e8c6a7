/**
 * Signed, expiring addresses of the Home tab's charts: `${PUBLIC_URL}/charts/<kind>/<token>.png`. Slack fetches an
 * image block's URL without any credentials, so the URL itself is the credential: its token is an HMAC-SHA256 over
 * (kind, team, user, expiry) under a key derived from the signing secret, checked in constant time. The key and
 * tokens are never logged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CHART_KINDS = ['burn-up', 'mix', 'team-burn-up', 'attainment'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

/** How long a URL stays valid: Home is re-published often, and Slack fetches and caches the image meanwhile. */
export const CHART_URL_TTL_MS = 24 * 60 * 60 * 1000;

/** Expiries are rounded up to the hour, so Home re-published within the hour keeps the same URLs (Slack's cache). */
const EXPIRY_STEP_MS = 60 * 60 * 1000;

const ID = /^[A-Z0-9]{1,30}$/;
const TOKEN = /^([A-Z0-9]{1,30})\.([A-Z0-9]{1,30})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface ChartOwner {
  teamId: string;
  userId: string;
}

export function isChartKind(value: string): value is ChartKind {
  return (CHART_KINDS as readonly string[]).includes(value);
}

export class ChartUrls {
  private readonly key: Buffer;
  private readonly base: string;

  constructor(options: { publicUrl: string; secret: string; clock: () => number }) {
    // A key of its own, derived: a leaked chart token says nothing usable about Slack's request signatures.
    this.key = createHmac('sha256', options.secret).update('focus-coach chart urls v1').digest();
    this.base = options.publicUrl.replace(/\/+$/, '');
    this.clock = options.clock;
  }

  private readonly clock: () => number;

  /** The chart's address, valid for about CHART_URL_TTL_MS (up to an hour more). */
  urlFor(kind: ChartKind, owner: ChartOwner): string {
    if (!ID.test(owner.teamId) || !ID.test(owner.userId)) throw new Error('Chart URLs need Slack team and user IDs');
    const expiresSec = Math.ceil((this.clock() + CHART_URL_TTL_MS) / EXPIRY_STEP_MS) * (EXPIRY_STEP_MS / 1000);
    const mac = this.mac(kind, owner.teamId, owner.userId, expiresSec);
    return `${this.base}/charts/${kind}/${owner.teamId}.${owner.userId}.${expiresSec}.${mac}.png`;
  }

  /** Whose chart a token (the file name, with or without `.png`) opens; null if tampered with, expired or malformed. */
  verify(kind: string, file: string): ChartOwner | null {
    if (!isChartKind(kind)) return null;
    const match = TOKEN.exec(file.endsWith('.png') ? file.slice(0, -4) : file);
    if (!match) return null;
    const [, teamId, userId, expires, given] = match as unknown as [string, string, string, string, string];
    const expiresSec = Number(expires);
    if (expiresSec * 1000 <= this.clock()) return null;
    const expected = Buffer.from(this.mac(kind, teamId, userId, expiresSec));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    return { teamId, userId };
  }

  private mac(kind: ChartKind, teamId: string, userId: string, expiresSec: number): string {
    return createHmac('sha256', this.key).update(`${kind}:${teamId}:${userId}:${expiresSec}`).digest('base64url');
  }
}
