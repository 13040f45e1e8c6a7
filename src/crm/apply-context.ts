/**
 * What applying one batch shares between deals, activities and accounts: the team, each owner's Slack member and
 * zone, and the summary being written (what was skipped, which owners are unmapped).
 */

import { eq } from 'drizzle-orm';
import { timezoneOf } from '../coach/rep-context.js';
import { findOrCreateAccount } from '../db/accounts.js';
import type { Db } from '../db/connection.js';
import { ensureRep, saveRepProfile } from '../db/reps.js';
import { accounts } from '../db/schema.js';
import { ensureTeam, type Team } from '../db/teams.js';
import { accountKey } from '../domain/account-name.js';
import { isValidTimeZone, type LocalDate, localDate } from '../domain/calendar.js';
import { foldName } from '../domain/name-match.js';
import { CRM_LABELS, type CrmOwner, type CrmSourceKind, type SyncSummary } from './model.js';
import { type OwnerMatch, ownerKey, ownerLabel } from './owners.js';

/** The Slack member a record's owner is, and the zone their dates are read in. */
export interface OwnerRep {
  userId: string;
  zone: string;
  /** The rep's local date now (for "last changed today", and a closed deal the CRM gave no date). */
  today: LocalDate;
}

interface TeamAccounts {
  byKey: Map<string, number>;
  byFoldedName: Map<string, { id: number; name: string }[]>;
}

/** A record not applied: why, and whether a copy applied earlier must go (it no longer applies). */
export interface Refusal {
  reason: string;
  removesPrior: boolean;
}

export class ApplyContext {
  readonly team: Team;
  readonly label: string;
  private readonly reps = new Map<string, OwnerRep>();
  private readonly unmapped = new Map<string, { records: number; reason: string }>();
  /** The team's accounts by folded name (no case, punctuation or legal suffix), read once when first needed. */
  private accountsRead: TeamAccounts | undefined;
  /** Accounts already named in a "the same name" warning of this batch. */
  private readonly sameNameWarned = new Set<number>();

  constructor(
    readonly tx: Db,
    readonly teamId: string,
    readonly source: CrmSourceKind,
    private readonly owners: ReadonlyMap<string, OwnerMatch>,
    readonly now: number,
    private readonly defaultTimezone: string,
    readonly summary: SyncSummary,
  ) {
    this.team = ensureTeam(tx, teamId);
    this.label = CRM_LABELS[source];
  }

  /**
   * The owner's rep (given a rep row, so the coach knows their zone), or why their records cannot apply. An
   * unmapped owner is tallied for the manager with the number of their records.
   */
  ownerRep(owner: CrmOwner): OwnerRep | Refusal {
    const key = ownerKey(owner);
    if (key === null) return { reason: `no owner in ${this.label}`, removesPrior: true };
    const match = this.owners.get(key) ?? { userId: null, reason: 'not looked up in Slack' };
    if (match.userId === null) {
      const label = ownerLabel(owner);
      const tally = this.unmapped.get(label) ?? { records: 0, reason: match.reason };
      this.unmapped.set(label, { ...tally, records: tally.records + 1 });
      // Slack not answering says nothing about the owner: a copy synced before stays.
      return { reason: `owner ${label}: ${match.reason}`, removesPrior: !match.unanswered };
    }
    const known = this.reps.get(match.userId);
    if (known) return known;
    const rep = this.repRow(match.userId, match.timezone);
    const zone = timezoneOf(rep, this.team, this.defaultTimezone);
    const found = { userId: match.userId, zone, today: localDate(this.now, zone) };
    this.reps.set(match.userId, found);
    return found;
  }

  /**
   * The account of a record: the one with that name (as Slack input finds it); else the one account whose name
   * is the same but for case, punctuation or a legal suffix (the CRM's "Initech" is the "Initech Corp" reps typed,
   * said in the warnings); else a new one. A typo is never taken for another account: the CRM spells its own names.
   */
  accountId(name: string): number {
    const known = this.knownAccountId(name);
    if (known !== undefined) return known;
    const created = findOrCreateAccount(this.tx, this.teamId, name).account;
    this.remember(this.teamAccounts(), created);
    return created.id;
  }

  /** The account `accountId` would use, without creating one. */
  knownAccountId(name: string): number | undefined {
    const { byKey, byFoldedName } = this.teamAccounts();
    const exact = byKey.get(accountKey(name));
    if (exact !== undefined) return exact;
    const folded = foldName(name).compact;
    const same = folded === '' ? [] : (byFoldedName.get(folded) ?? []);
    const only = same.length === 1 ? same[0] : undefined;
    if (!only) return undefined;
    if (!this.sameNameWarned.has(only.id)) {
      this.sameNameWarned.add(only.id);
      this.summary.warnings.push(`${this.label}’s “${name}” is the account “${only.name}” here (the same name)`);
    }
    return only.id;
  }

  /**
   * The team's accounts by name key and by folded name, read once per batch: a sync of thousands of records
   * looks each account up in memory. Only this transaction writes the team's accounts meanwhile, and what it
   * creates is added here.
   */
  private teamAccounts(): TeamAccounts {
    if (this.accountsRead) return this.accountsRead;
    const read: TeamAccounts = { byKey: new Map(), byFoldedName: new Map() };
    const rows = this.tx
      .select({ id: accounts.id, name: accounts.name, nameKey: accounts.nameKey })
      .from(accounts)
      .where(eq(accounts.teamId, this.teamId))
      .all();
    for (const row of rows) this.remember(read, row);
    this.accountsRead = read;
    return read;
  }

  private remember(read: TeamAccounts, account: { id: number; name: string; nameKey: string }): void {
    read.byKey.set(account.nameKey, account.id);
    const folded = foldName(account.name).compact;
    if (folded !== '') read.byFoldedName.set(folded, [...(read.byFoldedName.get(folded) ?? []), account]);
  }

  skip(externalId: string, reason: string): void {
    this.summary.skipped.push({ externalId, reason });
  }

  /** The unmapped owners, most records first, into the summary. */
  finish(): void {
    this.summary.unmappedOwners = [...this.unmapped]
      .map(([owner, { records, reason }]) => ({ owner, records, reason }))
      .sort((a, b) => b.records - a.records || a.owner.localeCompare(b.owner));
  }

  /** The rep's row; Slack's zone from the owner lookup fills one the row does not know yet. */
  private repRow(userId: string, slackTimezone: string | null) {
    const rep = ensureRep(this.tx, this.teamId, userId);
    if (rep.slackTimezone !== null || slackTimezone === null || !isValidTimeZone(slackTimezone)) return rep;
    saveRepProfile(this.tx, this.teamId, userId, {
      slackTimezone,
      isSlackAdmin: rep.isSlackAdmin,
      // Not a full profile fetch: left due, so the app's daily refresh (slack/profiles.ts) still runs.
      fetchedAt: rep.profileFetchedAt ?? 0,
    });
    return { ...rep, slackTimezone };
  }
}

export function isRefusal<T extends object>(value: T | Refusal): value is Refusal {
  return 'removesPrior' in value;
}
