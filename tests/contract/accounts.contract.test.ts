import { expect, it } from 'vitest';
import type { Store } from '../../src/storage/types.js';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const T2 = 'T0002';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NOW = Date.UTC(2026, 10, 30, 17, 0);
const TODAY = '2026-11-30';

const names = (accounts: { name: string }[]) => accounts.map((account) => account.name);

describeBackends('accounts', (use) => {
  it('treats "Acme" and "ACME " as one account, keeping the first spelling', async () => {
    const store = use();
    const first = await store.accounts.findOrCreateAccount(T1, 'Acme');
    const second = await store.accounts.findOrCreateAccount(T1, 'ACME ');
    expect(first).toEqual({
      created: true,
      account: {
        id: expect.any(Number),
        teamId: T1,
        name: 'Acme',
        nameKey: 'acme',
        icp: 'unknown',
        icpSource: null,
        createdAt: expect.any(Number),
      },
    });
    expect(second).toEqual({ created: false, account: first.account });
    expect(await store.accounts.findAccount(T1, '  acme')).toEqual(first.account);
    expect(await store.accounts.accountById(T1, first.account.id)).toEqual(first.account);
    expect(await store.accounts.accountById(T2, first.account.id)).toBeUndefined();
    expect(await store.accounts.listAccounts(T1)).toEqual([first.account]);
  });

  it('creates one account for a name typed twice at the same moment', async () => {
    const store = use();
    await store.teams.ensureTeam(T1);
    // two reads at once first: a pooled back end then has two connections open, so the two creates run side by side
    await Promise.all([store.teams.getTeam(T1), store.teams.getTeam(T1)]);
    const both = await Promise.all([
      store.accounts.findOrCreateAccount(T1, 'Initech'),
      store.accounts.findOrCreateAccount(T1, 'INITECH'),
    ]);
    expect(both.map((found) => found.created).sort()).toEqual([false, true]);
    expect(both[0]?.account).toEqual(both[1]?.account);
    expect(await store.accounts.listAccounts(T1)).toHaveLength(1);
  });

  it('keeps accounts of the same name separate across teams, and sets the fit of one by name', async () => {
    const store = use();
    const one = (await store.accounts.findOrCreateAccount(T1, 'Acme')).account;
    const two = (await store.accounts.findOrCreateAccount(T2, 'Acme')).account;
    expect(two.id).not.toBe(one.id);
    expect(await store.accounts.setAccountIcpByName(T1, 'acme', 'yes')).toEqual({ ...one, icp: 'yes' });
    expect((await store.accounts.findAccount(T2, 'Acme'))?.icp).toBe('unknown');
    // by name, creating it: the fit is set on the new account
    expect(await store.accounts.setAccountIcpByName(T1, 'Hooli', 'no')).toMatchObject({ name: 'Hooli', icp: 'no' });
    // by id: not another team's
    expect(await store.accounts.setAccountIcp(T2, one.id, 'no')).toBeUndefined();
    expect(await store.accounts.setAccountIcp(T1, one.id, 'unknown')).toEqual({ ...one, icp: 'unknown' });
  });

  it('lists by name key, and finds names containing the query, those starting with it first', async () => {
    const store = use();
    for (const name of ['Big Acme', 'acme_labs', 'Zeta', 'Acme', 'Acme 100%', 'Nacme']) {
      await store.accounts.findOrCreateAccount(T1, name);
    }
    await store.accounts.findOrCreateAccount(T2, 'Acme West');
    // by name key: lower case, so 'acme…' before 'big acme' and 'zeta'
    expect(names(await store.accounts.listAccounts(T1))).toEqual([
      'Acme',
      'Acme 100%',
      'acme_labs',
      'Big Acme',
      'Nacme',
      'Zeta',
    ]);
    const search = async (query: string, limit = 10) => names(await store.accounts.searchAccounts(T1, query, limit));
    expect(await search('ACME')).toEqual(['Acme', 'Acme 100%', 'acme_labs', 'Big Acme', 'Nacme']);
    expect(await search('acme', 2)).toEqual(['Acme', 'Acme 100%']);
    expect(await search('B')).toEqual(['Big Acme', 'acme_labs']); // a start beats an earlier name
    expect(await search('me')).toEqual(['Acme', 'Acme 100%', 'acme_labs', 'Big Acme', 'Nacme']);
    // LIKE's wildcards are literal
    expect(await search('_')).toEqual(['acme_labs']);
    expect(await search('%')).toEqual(['Acme 100%']);
    expect(await search('a%b')).toEqual([]);
    // nothing typed: the first names
    expect(await search('  ', 3)).toEqual(['Acme', 'Acme 100%', 'acme_labs']);
  });

  it('offers near names, exact-but-for-form ones first and equal ones by name key, none for an exact name', async () => {
    const store = use();
    // created in this order, so an id order would put Globex Inc before Globex Corp
    for (const name of ['Globex Inc', 'Acme', 'Globx', 'Globex Corp', 'Gadget']) {
      await store.accounts.findOrCreateAccount(T1, name);
    }
    expect(names(await store.accounts.nearAccounts(T1, 'Globex'))).toEqual(['Globex Corp', 'Globex Inc', 'Globx']);
    expect(names(await store.accounts.nearAccounts(T1, 'Globex', 2))).toEqual(['Globex Corp', 'Globex Inc']);
    expect(await store.accounts.nearAccounts(T1, 'Initech')).toEqual([]);
    expect(await store.accounts.nearAccounts(T1, 'globex corp')).toEqual([]);
    expect(await store.accounts.nearAccounts(T2, 'Globex')).toEqual([]);
  });

  it('lists a rep’s unclassified accounts with an open deal or activity in the range, by name key', async () => {
    const store = use();
    const write = (account: string, userId = ANN) => ({ teamId: T1, userId, account, now: NOW, today: TODAY });
    await store.accounts.setAccountIcpByName(T1, 'Fit Co', 'yes');
    await store.deals.addOpportunity({ ...write('Zeta'), amountCents: 1_000_000 }); // open deal, fit unknown
    await store.deals.addOpportunity({ ...write('Fit Co'), amountCents: 1_000_000 }); // classified: not asked
    await store.deals.addOpportunity({ ...write('Gone'), amountCents: 1_000_000 });
    await store.deals.markLost(write('Gone')); // no longer open, no activity: not asked
    await store.deals.addOpportunity({ ...write('Bobs', BOB), amountCents: 1_000_000 }); // Bob's, not Ann's
    const log = (s: Store, account: string, today: string) =>
      s.activities.logActivity({ teamId: T1, userId: ANN, kind: 'email', count: 1, account, now: NOW, today });
    await log(store, 'alpha', TODAY);
    await log(store, 'Zeta', TODAY); // both an open deal and activity: listed once
    await log(store, 'Old Co', '2026-11-29'); // the day before the range
    await log(store, 'Late Co', '2026-12-07'); // the day after it
    // 'alpha' before 'Zeta': by name key, not by name
    expect(await store.accounts.unclassifiedAccountsOf(T1, ANN, TODAY, '2026-12-06')).toEqual([
      { id: expect.any(Number), name: 'alpha' },
      { id: expect.any(Number), name: 'Zeta' },
    ]);
    expect(await store.accounts.unclassifiedAccountsOf(T1, BOB, TODAY, '2026-12-06')).toEqual([
      { id: expect.any(Number), name: 'Bobs' },
    ]);
  });

  it('lists at most twenty unclassified accounts', async () => {
    const store = use();
    for (let i = 10; i < 35; i++) {
      await store.activities.logActivity({
        teamId: T1,
        userId: ANN,
        kind: 'call',
        count: 1,
        account: `Co ${i}`,
        now: NOW,
        today: TODAY,
      });
    }
    const listed = await store.accounts.unclassifiedAccountsOf(T1, ANN, TODAY, TODAY);
    expect(names(listed)).toEqual(Array.from({ length: 20 }, (_, i) => `Co ${i + 10}`));
  });
});
