/**
 * What a pass holds while it runs (pass.ts): its claims, the claims whose marks are still to be written, and its
 * workspaces' pass leases, renewed well before they lapse; and, when it stops or ends, the claims it took and
 * never began posting, given back so another pass may take them at once.
 */
import { PASS_LEASE_RENEW_MS } from '../db/pass-leases.js';
import type { Claim } from '../db/sends.js';
import { errorMessage } from '../errors.js';
import type { Pass } from './sending.js';

/** Renews the pass's claims and team leases every PASS_LEASE_RENEW_MS (of the pass's clock); returns the stop. */
export function renewWhileHeld(
  pass: Pass,
  holding: { held: ReadonlySet<Claim>; leased: ReadonlySet<string>; holder: string },
): () => void {
  const { deps, clock } = pass;
  const { held, leased, holder } = holding;
  const renewal = setInterval(
    () => {
      // With the claims held, those whose mark is still to be written (send-writes.ts): their leases must not lapse.
      const claims = new Set([...held, ...pass.writes.unwritten]);
      if (claims.size > 0)
        deps.store.sends
          .renewLeases([...claims], clock())
          .catch((error: unknown) =>
            deps.logger.warn('Could not renew the pass’s claims (retried at the next renewal):', errorMessage(error)),
          );
      if (leased.size > 0)
        deps.store.passLeases
          .renewPassLeases({ teamIds: [...leased], holder, now: clock() })
          .catch((error: unknown) =>
            deps.logger.warn(
              'Could not renew the pass’s team leases (retried at the next renewal):',
              errorMessage(error),
            ),
          );
    },
    PASS_LEASE_RENEW_MS / (deps.timeScale ?? 1),
  );
  renewal.unref();
  return () => clearInterval(renewal);
}

/** Gives back the claims held and not posting: taken ahead and not sent, or all of them when the pass is stopped. */
export async function giveBackUnposted(pass: Pass): Promise<void> {
  const { deps } = pass;
  await Promise.all(
    [...pass.unposted].map((claim) => {
      pass.unposted.delete(claim);
      // Still renewed until its job ends (runJob): on a stop, a worker's post may be beginning on another
      // connection, and renewing a row given back changes nothing.
      // Guarded on the claim still pending (db/sends.ts): a send that began posting meanwhile keeps its claim.
      return deps.store.sends
        .releaseClaim(claim)
        .catch((error: unknown) =>
          deps.logger.warn(`Could not give back the claim on ${claim.key}; its lease will lapse:`, errorMessage(error)),
        );
    }),
  );
}
