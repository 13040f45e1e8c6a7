/** The demo team's raw material: a seeded random sequence, company names, plan wording, time zones. */

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const PREFIXES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Soylent',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Vandelay',
  'Pied Piper',
  'Dunder',
  'Aperture',
  'Massive',
  'Oscorp',
  'Gringotts',
  'Monarch',
  'Nakatomi',
];
export const SUFFIXES = [
  'Corp',
  'Industries',
  'Labs',
  'Systems',
  'Logistics',
  'Health',
  'Foods',
  'Capital',
  'Energy',
  'Retail',
];
export const PLAN_ITEMS = [
  'Call',
  'Demo for',
  'Send proposal to',
  'Follow up with',
  'Prep QBR with',
  'Discovery call with',
  'Negotiate renewal with',
];
export const DEFAULT_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Asia/Kolkata',
];
