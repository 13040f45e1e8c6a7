import type { JsonLogger } from '../logger.js';
import type { Store } from '../storage/types.js';
import type { CoachSettings } from './commands/context.js';
import type { HomeTabs } from './home.js';
import type { Profiles } from './profiles.js';

/** What the Slack listeners are built from; tests build the same with a fresh database. */
export interface SlackDeps {
  store: Store;
  settings: CoachSettings;
  logger: JsonLogger;
  profiles: Profiles;
  home: HomeTabs;
  clock: () => number;
}
