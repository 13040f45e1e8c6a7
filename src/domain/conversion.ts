/**
 * Conversion (DESIGN.md, "The gap math"): the win rate in money, shrunk toward the team's
 * rate; the average deal; the typical sales cycle. Pure: numbers in, numbers out.
 */

/** Below this, a win rate is treated as this floor, so the coverage a rep needs stays finite. */
export const MIN_WIN_RATE = 0.05;
/** The team's rate weighs as much as this many of the rep's average deals. */
export const PRIOR_DEALS = 5;
/** Closed opportunities the team needs in 12 months before its own pooled rate replaces the setting. */
export const TEAM_HISTORY_MIN_DEALS = 20;
/** The sales cycle assumed until a rep has this many wins that started as opportunities. */
export const MIN_WINS_FOR_CYCLE = 5;
export const DEFAULT_CYCLE_DAYS = 30;

/** Opportunities (deals that were open before they closed) closed in the last 12 months. */
export interface ClosedOpportunities {
  won: number;
  wonCents: number;
  lost: number;
  lostCents: number;
}

export const NO_CLOSED: ClosedOpportunities = Object.freeze({ won: 0, wonCents: 0, lost: 0, lostCents: 0 });

export interface TeamRate {
  rate: number;
  /** `setting`: the manager's default; `history`: the team's own pooled rate in money over 12 months. */
  source: 'setting' | 'history';
  /** The team's closed opportunities over 12 months. */
  deals: number;
}

export function teamRateOf(closed: ClosedOpportunities, settingRate: number): TeamRate {
  const deals = closed.won + closed.lost;
  const closedCents = closed.wonCents + closed.lostCents;
  if (deals >= TEAM_HISTORY_MIN_DEALS && closedCents > 0) {
    return { rate: closed.wonCents / closedCents, source: 'history', deals };
  }
  return { rate: settingRate, source: 'setting', deals };
}

export interface WinRate {
  /** What the coach uses: the blend, floored at MIN_WIN_RATE. */
  rate: number;
  /** The rep's closed opportunities it rests on. */
  ownDeals: number;
  /** The rep's own rate in money, or null with nothing closed. */
  ownRate: number | null;
  team: TeamRate;
  /** The blend fell below the floor. */
  floored: boolean;
}

/**
 * rate = (wonCents + 5·avg·teamRate) / (closedCents + 5·avg): the rep's dollars won over dollars
 * closed, with the team's rate counted as five more average deals, so a handful of deals cannot
 * swing it. With no average deal to weigh by, the rep's mean closed deal stands in.
 */
export function winRateOf(own: ClosedOpportunities, averageDealCents: number | null, team: TeamRate): WinRate {
  const ownDeals = own.won + own.lost;
  const closedCents = own.wonCents + own.lostCents;
  const dealSize = averageDealCents ?? (ownDeals > 0 ? closedCents / ownDeals : 0);
  const prior = PRIOR_DEALS * dealSize;
  const blended = closedCents + prior === 0 ? team.rate : (own.wonCents + prior * team.rate) / (closedCents + prior);
  return {
    rate: Math.max(MIN_WIN_RATE, blended),
    ownDeals,
    ownRate: closedCents === 0 ? null : own.wonCents / closedCents,
    team,
    floored: blended < MIN_WIN_RATE,
  };
}

/** Mean won amount over 12 months, else mean open amount, else the team's; null with none of these. */
export function averageDealOf(input: {
  won12: { count: number; cents: number };
  open: { count: number; cents: number };
  teamAverageCents: number | null;
}): number | null {
  if (input.won12.count > 0) return input.won12.cents / input.won12.count;
  if (input.open.count > 0) return input.open.cents / input.open.count;
  return input.teamAverageCents;
}

export interface SalesCycle {
  days: number;
  source: 'own' | 'default';
  /** Wins from an opportunity over 12 months that it rests on. */
  wins: number;
}

/** Median calendar days from opportunity to win (halfway between the middle two, rounded up), once there are 5. */
export function typicalCycle(cycleDays: readonly number[]): SalesCycle {
  if (cycleDays.length < MIN_WINS_FOR_CYCLE) {
    return { days: DEFAULT_CYCLE_DAYS, source: 'default', wins: cycleDays.length };
  }
  const sorted = [...cycleDays].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : Math.ceil(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
  return { days: Math.max(0, median), source: 'own', wins: sorted.length };
}
