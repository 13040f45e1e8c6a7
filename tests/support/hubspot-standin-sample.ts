/**
 * A small, realistic HubSpot portal for the playground's reps (scripts/hubspot-standin.ts serves it): Dana,
 * Priya, Sam and Lee, their manager Morgan, and Alex, an owner no Slack member matches. Companies with
 * hs_ideal_customer_profile tier_1, tier_2, tier_3 or empty; won, lost and open deals in the current quarter
 * (relative to `now`); calls, emails and meetings of the last days.
 */
import type { HubSpotDataset, ObjectType, RecordInput, StandInOwner } from './hubspot-standin-store.js';

const DAY_MS = 86_400_000;

const OWNERS: StandInOwner[] = [
  { id: '101', email: 'dana@demo.example', firstName: 'Dana', lastName: 'Reyes' },
  { id: '102', email: 'priya@demo.example', firstName: 'Priya', lastName: 'Shah' },
  { id: '103', email: 'sam@demo.example', firstName: 'Sam', lastName: 'Okafor' },
  { id: '104', email: 'lee@demo.example', firstName: 'Lee', lastName: 'Chen' },
  { id: '105', email: 'morgan@demo.example', firstName: 'Morgan', lastName: 'Blake' },
  { id: '106', email: 'alex@demo.example', firstName: 'Alex', lastName: 'Kim' },
];

/** id, name, hs_ideal_customer_profile ('' = not set). */
const COMPANIES: [string, string, string][] = [
  ['5001', 'Northwind Traders', 'tier_1'],
  ['5002', 'Globex', 'tier_2'],
  ['5003', 'Initech', 'tier_3'],
  ['5004', 'Umbrella Health', ''],
  ['5005', 'Acme Corp', 'tier_1'],
  ['5006', 'Stark Logistics', 'tier_2'],
  ['5007', 'Wayne Retail', 'tier_3'],
  ['5008', 'Hooli', ''],
];

type Outcome = 'won' | 'lost' | 'open';

/** id, name, owner, company, amount, stage, outcome, days since created, days from now to the close date. */
const DEALS: [string, string, string, string, string, string, Outcome, number, number][] = [
  ['7001', 'Northwind – platform rollout', '101', '5001', '24000', 'closedwon', 'won', 48, -10],
  ['7002', 'Globex – renewal', '101', '5002', '18000', 'contractsent', 'open', 30, 12],
  ['7003', 'Initech – pilot', '101', '5003', '9500', 'qualifiedtobuy', 'open', 15, 25],
  ['7004', 'Hooli – analytics', '101', '5008', '12000', 'closedlost', 'lost', 40, -6],
  ['7005', 'Acme – enterprise tier', '102', '5005', '15000', 'closedwon', 'won', 35, -4],
  ['7006', 'Stark – fleet expansion', '102', '5006', '30000', 'decisionmakerboughtin', 'open', 22, 18],
  ['7007', 'Umbrella – clinics', '102', '5004', '7000', 'appointmentscheduled', 'open', 5, 40],
  ['7008', 'Globex – add-on seats', '103', '5002', '8000', 'closedwon', 'won', 20, -2],
  ['7009', 'Northwind – EU expansion', '103', '5001', '22000', 'presentationscheduled', 'open', 12, 21],
  ['7010', 'Wayne – stores', '103', '5007', '5000', 'closedlost', 'lost', 28, -12],
  ['7011', 'Acme – data platform', '104', '5005', '40000', 'contractsent', 'open', 26, 9],
  ['7012', 'Wayne – loyalty', '104', '5007', '6000', 'qualifiedtobuy', 'open', 9, 30],
  ['7013', 'Stark – warehouse', '104', '5006', '11000', 'closedwon', 'won', 33, -8],
  ['7014', 'Initech – migration', '106', '5003', '16000', 'contractsent', 'open', 18, 14],
];

/** type, id, owner, company, hours ago. */
const ACTIVITIES: [ObjectType, string, string, string, number][] = [
  ['calls', '8001', '101', '5002', 3],
  ['calls', '8002', '101', '5003', 27],
  ['meetings', '8003', '101', '5001', 50],
  ['calls', '8004', '102', '5006', 5],
  ['meetings', '8005', '102', '5005', 30],
  ['emails', '8006', '102', '5004', 2],
  ['calls', '8007', '103', '5001', 4],
  ['calls', '8008', '103', '5007', 28],
  ['meetings', '8009', '104', '5005', 6],
  ['emails', '8010', '104', '5007', 26],
  ['calls', '8011', '106', '5003', 8],
];

function quarterBounds(now: number): { start: number; end: number } {
  const date = new Date(now);
  const firstMonth = Math.floor(date.getUTCMonth() / 3) * 3;
  return {
    start: Date.UTC(date.getUTCFullYear(), firstMonth, 1),
    end: Date.UTC(date.getUTCFullYear(), firstMonth + 3, 1),
  };
}

/** Noon UTC of the day `days` from now, kept inside the current quarter (the same date for every rep's zone). */
function dayInQuarter(now: number, days: number): string {
  const { start, end } = quarterBounds(now);
  const wanted = Math.min(Math.max(now + days * DAY_MS, start), end - DAY_MS);
  const day = new Date(wanted);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12)).toISOString();
}

export function hubspotSampleData(now: number = Date.now()): HubSpotDataset {
  const records: ({ type: ObjectType } & RecordInput)[] = [
    ...COMPANIES.map(([id, name, tier]) => ({
      type: 'companies' as const,
      id,
      properties: {
        name,
        hs_ideal_customer_profile: tier || null,
        domain: `${name.split(' ')[0]?.toLowerCase()}.example`,
      },
    })),
    ...DEALS.map(([id, dealname, owner, company, amount, dealstage, outcome, createdDaysAgo, closeInDays]) => ({
      type: 'deals' as const,
      id,
      companyIds: [company],
      properties: {
        dealname,
        amount,
        deal_currency_code: 'USD',
        dealstage,
        pipeline: 'default',
        hubspot_owner_id: owner,
        createdate: new Date(now - createdDaysAgo * DAY_MS).toISOString(),
        closedate: dayInQuarter(now, outcome === 'open' ? Math.max(closeInDays, 1) : Math.min(closeInDays, 0)),
      },
    })),
    ...ACTIVITIES.map(([type, id, owner, company, hoursAgo]) => ({
      type,
      id,
      companyIds: [company],
      properties: {
        hs_timestamp: new Date(now - hoursAgo * 3_600_000).toISOString(),
        hubspot_owner_id: owner,
        ...(type === 'emails' ? { hs_email_direction: 'EMAIL' } : {}),
        ...(type === 'meetings' ? { hs_meeting_outcome: 'COMPLETED' } : {}),
      },
    })),
  ];
  return { portalId: 4_412_345, uiDomain: 'app.hubspot.com', companyCurrency: 'USD', owners: OWNERS, records };
}
