import type { WebClient } from '@slack/web-api';
import { REQUEST_BUSY_RETRY, withBusyRetry } from '../db/busy.js';
import type { RepRow } from '../db/reps.js';
import { isValidTimeZone } from '../domain/calendar.js';
import { errorMessage } from '../errors.js';
import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import { type Membership, membershipOf, NOT_A_MEMBER_ERRORS, type SlackProfile } from './membership.js';

/** Profiles (time zone, admin flag) are refreshed from Slack once a day. */
export const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** A slow users.info must not hold a reply past Slack's 3-second limit: after this we go on with what we have. */
export const PROFILE_WAIT_MS = 1000;
/** After a failed fetch, wait this long before asking Slack again. */
export const PROFILE_RETRY_MS = 10 * 60 * 1000;
/** A person confirmed as an active human member stays confirmed this long for the write that follows. */
export const MEMBER_CHECK_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * Reps' Slack profiles, cached in the reps table. A fetch that fails or is slow
 * leaves the cached values (or the team's zone) in place; it never fails a request.
 */
export class Profiles {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failedAt = new Map<string, number>();
  /** The last answer about each person someone named (a manager's @rep), for the write that follows it. */
  private readonly members = new Map<string, { membership: Membership; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly logger: JsonLogger,
    private readonly clock: () => number,
  ) {}

  /**
   * The rep's row as stored, right now (no waiting). A missing or stale profile is
   * fetched from Slack in the background for next time.
   */
  async cached(client: WebClient, teamId: string, userId: string): Promise<RepRow> {
    const rep = await this.store.reps.ensureRep(teamId, userId);
    void this.refreshIfStale(client, rep);
    return rep;
  }

  /**
   * The rep's row with a usable profile. A stale profile is refreshed in the background
   * and used as it is; only a rep never fetched waits (briefly) for Slack. `stored`: the row as just read.
   */
  async ensure(client: WebClient, teamId: string, userId: string, stored?: RepRow | null): Promise<RepRow> {
    // The first contact writes the rep's row: waited for, if another writer holds the lock, without blocking.
    const rep = stored ?? (await withBusyRetry(() => this.store.reps.ensureRep(teamId, userId), REQUEST_BUSY_RETRY));
    const refresh = this.refreshIfStale(client, rep);
    if (!refresh || rep.profileFetchedAt !== null) return rep;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, PROFILE_WAIT_MS);
    });
    await Promise.race([refresh, timeout]);
    clearTimeout(timer);
    return (await this.store.reps.getRep(teamId, userId)) ?? rep;
  }

  /**
   * Asks Slack (users.info, never from cache) whether `userId` is an active, human member of the workspace,
   * before anything is written for them. Waits at most PROFILE_WAIT_MS: a reply must leave within Slack's
   * 3 seconds, and a person Slack could not vouch for in time is `unconfirmed` (refused, never assumed).
   * Writes nothing: a refused person gets no row.
   */
  async checkMember(client: WebClient, teamId: string, userId: string): Promise<Membership> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Membership>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: 'unconfirmed' }), PROFILE_WAIT_MS);
    });
    const membership = await Promise.race([this.askSlack(client, userId), timeout]);
    clearTimeout(timer);
    this.members.set(`${teamId}:${userId}`, { membership, at: this.clock() });
    return membership;
  }

  /** The profile of a person checkMember confirmed a moment ago; null when not confirmed (or long ago). */
  confirmedMember(teamId: string, userId: string): SlackProfile | null {
    const checked = this.members.get(`${teamId}:${userId}`);
    if (!checked?.membership.ok || this.clock() - checked.at > MEMBER_CHECK_MAX_AGE_MS) return null;
    return checked.membership.profile;
  }

  private async askSlack(client: WebClient, userId: string): Promise<Membership> {
    try {
      const result = await client.users.info({ user: userId });
      return membershipOf(result.user, userId, this.profileOf(result.user));
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code !== undefined && NOT_A_MEMBER_ERRORS.has(code)) return { ok: false, reason: 'not_found' };
      this.logger.warn(`users.info failed for ${userId}; cannot confirm they are a member:`, errorMessage(error));
      return { ok: false, reason: 'unconfirmed' };
    }
  }

  private profileOf(user: { tz?: string; is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } = {}) {
    return {
      slackTimezone: user.tz && isValidTimeZone(user.tz) ? user.tz : null,
      isSlackAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
    };
  }

  /** Starts (or joins) a refresh when the profile is missing or a day old; null when it is fresh. */
  private refreshIfStale(client: WebClient, rep: RepRow): Promise<void> | null {
    const now = this.clock();
    const key = `${rep.teamId}:${rep.userId}`;
    const fetchedAt = rep.profileFetchedAt;
    if (fetchedAt !== null && now - fetchedAt < PROFILE_MAX_AGE_MS) return null;
    if (now - (this.failedAt.get(key) ?? Number.NEGATIVE_INFINITY) < PROFILE_RETRY_MS) return null;
    let refresh = this.inFlight.get(key);
    if (!refresh) {
      refresh = this.refresh(client, rep.teamId, rep.userId).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, refresh);
    }
    return refresh;
  }

  private async refresh(client: WebClient, teamId: string, userId: string): Promise<void> {
    try {
      const result = await client.users.info({ user: userId });
      const profile = { ...this.profileOf(result.user), fetchedAt: this.clock() };
      await withBusyRetry(() => this.store.reps.saveRepProfile(teamId, userId, profile));
      this.failedAt.delete(`${teamId}:${userId}`);
    } catch (error) {
      this.failedAt.set(`${teamId}:${userId}`, this.clock());
      this.logger.warn(`users.info failed for ${userId}; using the cached profile:`, errorMessage(error));
    }
  }
}
