/**
 * What applying one batch shares between deals, activities and accounts: the team, each owner's Slack member and
 * zone, and the summary being written (what was skipped, which owners are unmapped).
 */

import { timezoneOf } from '../coach/rep-context.js';
import type { TeamAccount } from '../db/crm-apply.js';
import type { Team } from '../db/teams.js';
import { accountKey } from '../domain/account-name.js';
import { isValidTimeZone, type LocalDate, localDate } from '../domain/calendar.js';
import { foldName } from '../domain/name-match.js';
import type { Store } from '../storage/types.js';
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
  /** Each account's ICP fit and who set it, as this batch leaves it. */
  fits: Map<number, AccountFit>;
}

export type AccountFit = Pick<TeamAccount, 'icp' | 'icpSource'>;

/** A record not applied: why, and whether a copy applied earlier must go (it no longer applies). */
export interface Refusal {
  reason: string;
  removesPrior: boolean;
}

export class ApplyContext {
  readonly teamId: string;
  readonly label: string;
  private readonly reps = new Map<string, OwnerRep>();
  private readonly unmapped = new Map<string, { records: number; reason: string }>();
  /** The team's accounts by folded name (no case, punctuation or legal suffix), read once when first needed. */
  private accountsRead: Promise<TeamAccounts> | undefined;
  /** Accounts already named in a "the same name" warning of this batch. */
  private readonly sameNameWarned = new Set<number>();

  private constructor(
    readonly tx: Store,
    readonly team: Team,
    readonly source: CrmSourceKind,
    private readonly owners: ReadonlyMap<string, OwnerMatch>,
    readonly now: number,
    private readonly defaultTimezone: string,
    readonly summary: SyncSummary,
  ) {
    this.teamId = team.id;
    this.label = CRM_LABELS[source];
  }

  /** The context of one batch, on the batch's transaction: the team's row made if it is new. */
  static async open(
    tx: Store,
    input: {
      teamId: string;
      source: CrmSourceKind;
      owners: ReadonlyMap<string, OwnerMatch>;
      now: number;
      defaultTimezone: string;
      summary: SyncSummary;
    },
  ): Promise<ApplyContext> {
    const team = await tx.teams.ensureTeam(input.teamId);
    return new ApplyContext(tx, team, input.source, input.owners, input.now, input.defaultTimezone, input.summary);
  }

  /**
   * The owner's rep (given a rep row, so the coach knows their zone), or why their records cannot apply. An
   * unmapped owner is tallied for the manager with the number of their records.
   */
  async ownerRep(owner: CrmOwner): Promise<OwnerRep | Refusal> {
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
    const rep = await this.repRow(match.userId, match.timezone);
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
  async accountId(name: string): Promise<number> {
    const known = await this.knownAccountId(name);
    if (known !== undefined) return known;
    const created = (await this.tx.accounts.findOrCreateAccount(this.teamId, name)).account;
    this.remember(await this.teamAccounts(), created);
    return created.id;
  }

  /** The account `accountId` would use, without creating one. */
  async knownAccountId(name: string): Promise<number | undefined> {
    const { byKey, byFoldedName } = await this.teamAccounts();
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

  /** The fit of one of the team's accounts as the batch stands (undefined: not the team's). */
  async accountFit(accountId: number): Promise<AccountFit | undefined> {
    return (await this.teamAccounts()).fits.get(accountId);
  }

  /** Keeps the fit the batch gives an account (applyAccountFit writes it). */
  async setFit(accountId: number, fit: AccountFit): Promise<void> {
    (await this.teamAccounts()).fits.set(accountId, fit);
  }

  /**
   * The team's accounts by name key and by folded name, read once per batch: a sync of thousands of records
   * looks each account up in memory. Only this transaction writes the team's accounts meanwhile, and what it
   * creates is added here.
   */
  private teamAccounts(): Promise<TeamAccounts> {
    // The read itself is kept, so two lookups that overlap share it.
    this.accountsRead ??= this.readAccounts();
    return this.accountsRead;
  }

  private async readAccounts(): Promise<TeamAccounts> {
    const read: TeamAccounts = { byKey: new Map(), byFoldedName: new Map(), fits: new Map() };
    for (const row of await this.tx.crmApply.teamAccounts(this.teamId)) this.remember(read, row);
    return read;
  }

  private remember(read: TeamAccounts, account: TeamAccount): void {
    read.byKey.set(account.nameKey, account.id);
    read.fits.set(account.id, { icp: account.icp, icpSource: account.icpSource });
    const folded = foldName(account.name).compact;
    const named = { id: account.id, name: account.name };
    if (folded !== '') read.byFoldedName.set(folded, [...(read.byFoldedName.get(folded) ?? []), named]);
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
  private async repRow(userId: string, slackTimezone: string | null) {
    const rep = await this.tx.reps.ensureRep(this.teamId, userId);
    if (rep.slackTimezone !== null || slackTimezone === null || !isValidTimeZone(slackTimezone)) return rep;
    await this.tx.reps.saveRepProfile(this.teamId, userId, {
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
