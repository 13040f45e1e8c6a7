/** Every action, block and view ID the app sends or listens for, in one place. */
export const ACTIONS = {
  icpFits: 'icp_fits',
  icpOutside: 'icp_outside',
  /** The evening reflection's plan checkboxes. */
  planDone: 'plan_done',
} as const;

export const BLOCKS = {
  icpQuestion: 'icp_question',
} as const;

/** The reflection's checkbox block names the day it reviews: `plan_done:2026-12-01`. */
export function planDoneBlockId(date: string): string {
  return `${ACTIONS.planDone}:${date}`;
}

export function dateOfPlanDoneBlock(blockId: string): string | null {
  const match = /^plan_done:(\d{4}-\d{2}-\d{2})$/.exec(blockId);
  return match?.[1] ?? null;
}
