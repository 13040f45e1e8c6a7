/**
 * A fleet of installed workspaces on one Postgres database, for the replica test and the simulation
 * (scripts/simulate.ts): installations stored through the app's installation store (tokens sealed with the
 * fleet's TOKEN_ENCRYPTION_KEY), reps seeded through the Store's repositories, and the environment the app's
 * processes (server and `cli tick`) run with in distributed mode against the multi-workspace stand-in.
 */
import type { Installation } from '@slack/bolt';
import { periodContaining } from '../../src/domain/period.js';
import { parseKeyring } from '../../src/install/crypto.js';
import { Installations } from '../../src/install/installation-store.js';
import type { Store } from '../../src/storage/types.js';
import type { MultiWorkspaceStandin, StandinWorkspace } from '../support/multi-workspace-standin.js';

/** Fixed so a failure is reproducible: 32 bytes, base64. */
export const FLEET_ENCRYPTION_KEY = Buffer.alloc(32, 0x5e).toString('base64');
export const FLEET_SIGNING_SECRET = 'fleet-signing-secret-0123456789abcdef';
const CLIENT = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'fleet-client-secret-0123456789abcdef',
  SLACK_STATE_SECRET: 'fleet-state-secret-0123456789abcdefghij',
};

export interface FleetWorkspace extends StandinWorkspace {
  /** The reps' member IDs, in the order the pass meets them. */
  reps: string[];
  /** Every rep's quarterly quota in this workspace, in whole dollars (distinct per workspace). */
  quotaDollars: number;
}

/** `workspaces` workspaces T0001… with `reps` reps each (U<team>R0001…), each with its own token and quota. */
export function fleetOf(workspaces: number, reps: number): FleetWorkspace[] {
  return Array.from({ length: workspaces }, (_, w) => {
    const teamId = `T${String(w + 1).padStart(4, '0')}`;
    return {
      teamId,
      botToken: `xoxb-fleet-${teamId}-secret`,
      botUserId: `U${teamId}BOT`,
      reps: Array.from({ length: reps }, (_, r) => `U${teamId}R${String(r + 1).padStart(4, '0')}`),
      quotaDollars: 100_000 + (w + 1) * 1_000,
    };
  });
}

/** What /slack/oauth_redirect would store for the workspace (oauth.v2.access's answer as @slack/oauth keeps it). */
function installationOf(workspace: FleetWorkspace): Installation {
  return {
    team: { id: workspace.teamId, name: `Team ${workspace.teamId}` },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: `U${workspace.teamId}ADMIN` },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0FOCUS01',
    authVersion: 'v2',
    bot: {
      scopes: ['commands', 'chat:write', 'im:write', 'im:history', 'users:read'],
      token: workspace.botToken,
      userId: workspace.botUserId,
      id: `B${workspace.teamId}`,
    },
  };
}

/**
 * Installs every workspace and seeds its reps (in Los Angeles, each with the workspace's quota for the quarter
 * holding `quarterOf`: reps a pass has check-ins for), `parallel` workspaces at a time.
 */
export async function seedFleet(
  store: Store,
  fleet: FleetWorkspace[],
  { quarterOf, parallel = 4 }: { quarterOf: string; parallel?: number },
): Promise<void> {
  const installations = new Installations({
    store,
    keyring: parseKeyring(FLEET_ENCRYPTION_KEY),
    logger: { info: () => undefined, warn: () => undefined },
    clock: () => 0,
  });
  const period = periodContaining('quarter', quarterOf, 1);
  let next = 0;
  const worker = async () => {
    while (next < fleet.length) {
      const workspace = fleet[next++] as FleetWorkspace;
      await installations.storeInstallation(installationOf(workspace));
      for (const userId of workspace.reps) {
        await store.reps.saveRepProfile(workspace.teamId, userId, {
          slackTimezone: 'America/Los_Angeles',
          isSlackAdmin: false,
          fetchedAt: 0,
        });
        await store.quotas.setQuota({
          teamId: workspace.teamId,
          userId,
          period,
          amountCents: workspace.quotaDollars * 100,
          setBy: userId,
          now: 0,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, fleet.length) }, worker));
}

/** Tells the stand-in every workspace of the fleet. */
export function registerFleet(standin: MultiWorkspaceStandin, fleet: FleetWorkspace[]): void {
  for (const workspace of fleet) standin.addWorkspace(workspace);
}

/**
 * The environment of an app process (server or `cli tick`) of the fleet: distributed mode (no bot token; each
 * workspace's token from its installation), on `databaseUrl`, talking to the Web API at `apiUrl`.
 */
export function fleetEnv({
  databaseUrl,
  apiUrl,
  logLevel = 'error',
}: {
  databaseUrl: string;
  apiUrl: string;
  logLevel?: string;
}): Record<string, string> {
  return {
    ...CLIENT,
    TOKEN_ENCRYPTION_KEY: FLEET_ENCRYPTION_KEY,
    SLACK_SIGNING_SECRET: FLEET_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: logLevel,
  };
}
