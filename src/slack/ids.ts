/** Every action, block and view ID the app sends or listens for, in one place. */
export const ACTIONS = {
  icpFits: 'icp_fits',
  icpOutside: 'icp_outside',
} as const;

export const BLOCKS = {
  icpQuestion: 'icp_question',
} as const;
