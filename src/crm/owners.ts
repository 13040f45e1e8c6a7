/**
 * CRM owners to Slack members (issue 13, item 1). An owner with an email is looked up with users.lookupByEmail
 * (one call per email not answered recently; Slack rates it Tier 3, so calls go one at a time); an owner with
 * only a name (some CSV exports) is matched on the workspace's members' full and display names from users.list.
 * Only active humans map, by the rules the app applies to quota holders (slack/membership.ts). Answers are kept
 * in crm_owners: a match for a day, a miss for an hour (someone may join Slack or fix their email meanwhile).
 *
 * Slack's shapes: https://docs.slack.dev/reference/methods/users.lookupByEmail/ (`users_not_found`, scope
 * users:read.email), https://docs.slack.dev/reference/methods/users.list/ (deleted members included) and
 * https://docs.slack.dev/apis/web-api/pagination (cursor, `response_metadata.next_cursor`).
 */
import type { WebClient } from '@slack/web-api';
import type { CrmOwnerRow } from '../db/crm-owners.js';
import { collapseSpaces } from '../domain/account-name.js';
import { isValidTimeZone } from '../domain/calendar.js';
import { membershipOf, type NotAMemberReason, type SlackUserFacts } from '../slack/membership.js';
import type { Store } from '../storage/types.js';
import type { CrmOwner } from './model.js';

/**
 * An owner's Slack member, or why there is none. `unanswered`: Slack could not be asked (an outage, a missing
 * scope), so nothing is known about this owner: a sync must not act on it (crm/sync.ts fails the run instead).
 */
export type OwnerMatch =
  | { userId: string; timezone: string | null }
  | { userId: null; reason: string; unanswered?: true };

/** The owners Slack could not be asked about, and why (the first reason; the others are alike). */
export function unansweredOwners(matches: ReadonlyMap<string, OwnerMatch>): { count: number; reason: string } | null {
  const unanswered = [...matches.values()].filter((match) => match.userId === null && match.unanswered);
  const first = unanswered[0];
  return first && first.userId === null ? { count: unanswered.length, reason: first.reason } : null;
}

/** The CrmOwner a kept owner key stands for (an email, or `name:` and a folded name), to ask Slack again. */
export function ownerOfKey(key: string): CrmOwner {
  return key.startsWith(NAME_PREFIX)
    ? { email: null, name: key.slice(NAME_PREFIX.length) }
    : { email: key, name: null };
}

export interface OwnerDirectory {
  /** Each owner's Slack member, or why there is none, keyed by ownerKey. Owners with no key are left out. */
  resolve(owners: readonly CrmOwner[]): Promise<Map<string, OwnerMatch>>;
}

/** A match is trusted this long before Slack is asked again (a member may be deactivated). */
export const OWNER_MATCH_TTL_MS = 24 * 60 * 60 * 1000;
/** A miss is asked again after this long (the owner may have joined Slack, or fixed their email). */
export const OWNER_MISS_TTL_MS = 60 * 60 * 1000;
/** users.list page size: Slack recommends no more than 200. */
const MEMBERS_PAGE = 200;

const NAME_PREFIX = 'name:';

/** A person's name as compared: case, Unicode look-alikes and whitespace folded. */
function foldName(name: string): string {
  return collapseSpaces(name).normalize('NFKC').toLowerCase();
}

/** 'jane@acme.com' (lower-cased) for an owner with an email, else 'name:<lower-cased, whitespace-folded name>', null when neither. */
export function ownerKey(owner: CrmOwner): string | null {
  const email = owner.email?.trim().toLowerCase() ?? '';
  if (email !== '') return email;
  const name = owner.name ? foldName(owner.name) : '';
  return name === '' ? null : `${NAME_PREFIX}${name}`;
}

/** How a manager reads the owner: their email, else their name as the CRM spells it. */
export function ownerLabel(owner: CrmOwner): string {
  return owner.email?.trim() || collapseSpaces(owner.name ?? '') || 'with no email or name';
}

const REFUSALS: Record<NotAMemberReason, string> = {
  not_found: 'no Slack member has this email',
  deleted: 'deactivated in Slack',
  bot: 'a bot, not a person',
  stranger: 'not a member of this workspace (an external guest)',
  unconfirmed: 'Slack could not confirm this member',
};

/** Slack's answer about one owner: `settled` answers are cached; an unanswered question is asked next sync. */
type Answer = { match: OwnerMatch; settled: boolean };

type SlackUser = SlackUserFacts & {
  id?: string;
  tz?: string;
  real_name?: string;
  profile?: SlackUserFacts['profile'] & { real_name?: string; display_name?: string };
};

function verdict(user: SlackUser | undefined): OwnerMatch {
  const userId = user?.id ?? '';
  const membership = membershipOf(user, userId, { slackTimezone: null, isSlackAdmin: false });
  if (!membership.ok || userId === '')
    return { userId: null, reason: REFUSALS[membership.ok ? 'not_found' : membership.reason] };
  return { userId, timezone: user?.tz && isValidTimeZone(user.tz) ? user.tz : null };
}

/** Why Slack gave no answer, in words an operator can act on; never the token. */
function unanswered(error: unknown): string {
  const data = (error as { data?: { error?: string; needed?: string } }).data;
  if (data?.error === 'missing_scope') {
    return `the Slack app lacks the ${data.needed ?? 'users:read.email'} scope: reinstall it`;
  }
  const code = data?.error ?? (error as { code?: string }).code ?? 'no answer';
  return `Slack could not be asked (${code}); asked again at the next sync`;
}

async function lookupEmail(client: WebClient, email: string): Promise<Answer> {
  try {
    const result = await client.users.lookupByEmail({ email });
    return { match: verdict(result.user as SlackUser | undefined), settled: true };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'users_not_found' || code === 'user_not_found') {
      return { match: { userId: null, reason: REFUSALS.not_found }, settled: true };
    }
    return { match: { userId: null, reason: unanswered(error), unanswered: true }, settled: false };
  }
}

/** Every member of the workspace (deleted ones included, as users.list returns them), page by page. */
async function listMembers(client: WebClient): Promise<SlackUser[]> {
  const members: SlackUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ limit: MEMBERS_PAGE, ...(cursor ? { cursor } : {}) });
    members.push(...((page.members ?? []) as SlackUser[]));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return members;
}

function namesOf(member: SlackUser): Set<string> {
  const names = [member.real_name, member.profile?.real_name, member.profile?.display_name];
  return new Set(names.filter((name): name is string => Boolean(name?.trim())).map(foldName));
}

/**
 * The member whose full or display name is `name`. Only active humans count; two of them with the name leave
 * it unmapped (which one is meant cannot be known). With none, a deactivated member or bot of that name says why.
 */
function matchName(members: readonly SlackUser[], name: string): OwnerMatch {
  const named = members.filter((member) => namesOf(member).has(name));
  const verdicts = named.map(verdict);
  const people = verdicts.filter((match) => match.userId !== null);
  if (people.length > 1) {
    return { userId: null, reason: `${people.length} Slack members share this name: give the owner's email instead` };
  }
  const [person] = people;
  if (person) return person;
  return verdicts[0] ?? { userId: null, reason: 'no Slack member has this name' };
}

async function fromCache(store: Store, row: CrmOwnerRow): Promise<OwnerMatch> {
  if (row.userId === null) return { userId: null, reason: row.reason ?? REFUSALS.not_found };
  return { userId: row.userId, timezone: (await store.reps.getRep(row.teamId, row.userId))?.slackTimezone ?? null };
}

function isFresh(row: CrmOwnerRow, now: number): boolean {
  return now - row.checkedAt < (row.userId === null ? OWNER_MISS_TTL_MS : OWNER_MATCH_TTL_MS);
}

export function slackOwnerDirectory(deps: {
  store: Store;
  teamId: string;
  client: WebClient;
  now: () => number;
}): OwnerDirectory {
  const { store, teamId, client, now } = deps;

  const remember = async (key: string, answer: Answer) => {
    if (!answer.settled) return;
    const { match } = answer;
    await store.crmOwners.saveOwnerAnswer({
      teamId,
      ownerKey: key,
      userId: match.userId,
      reason: match.userId === null ? match.reason : null,
      checkedAt: now(),
    });
  };

  async function askByEmail(keys: readonly string[], result: Map<string, OwnerMatch>): Promise<void> {
    let stopped: string | null = null;
    for (const key of keys) {
      // Once Slack cannot answer (a missing scope, an outage), asking about the next owner would fail alike.
      const answer: Answer = stopped
        ? { match: { userId: null, reason: stopped, unanswered: true }, settled: false }
        : await lookupEmail(client, key);
      if (!answer.settled && answer.match.userId === null) stopped = answer.match.reason;
      await remember(key, answer);
      result.set(key, answer.match);
    }
  }

  async function askByName(keys: readonly string[], result: Map<string, OwnerMatch>): Promise<void> {
    if (keys.length === 0) return;
    let members: SlackUser[];
    try {
      members = await listMembers(client);
    } catch (error) {
      const reason = unanswered(error);
      for (const key of keys) result.set(key, { userId: null, reason, unanswered: true });
      return;
    }
    for (const key of keys) {
      const answer: Answer = { match: matchName(members, key.slice(NAME_PREFIX.length)), settled: true };
      await remember(key, answer);
      result.set(key, answer.match);
    }
  }

  return {
    async resolve(owners) {
      const keys = [...new Set(owners.map(ownerKey).filter((key): key is string => key !== null))];
      const result = new Map<string, OwnerMatch>();
      const at = now();
      for (const row of await store.crmOwners.cachedOwners(teamId, keys)) {
        if (isFresh(row, at)) result.set(row.ownerKey, await fromCache(store, row));
      }
      const unknown = keys.filter((key) => !result.has(key));
      await askByEmail(
        unknown.filter((key) => !key.startsWith(NAME_PREFIX)),
        result,
      );
      await askByName(
        unknown.filter((key) => key.startsWith(NAME_PREFIX)),
        result,
      );
      return result;
    },
  };
}
