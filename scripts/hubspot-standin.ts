/**
 * The HubSpot stand-in (tests/support/hubspot-standin.ts) with the playground's sample portal, for trying the
 * CRM sync without a HubSpot account: start it, put the printed lines in .env, run `npm run cli -- sync`.
 * Runs until Ctrl-C. PORT picks the port (default 3999).
 */
import { hubspotSampleData, startHubSpotStandIn } from '../tests/support/hubspot-standin.js';

/** Not a secret: the stand-in accepts only this token, and it opens nothing but the sample data. */
const TOKEN = 'pat-na1-standin-00000000-0000-0000-0000-000000000000';

const port = Number(process.env.PORT ?? 3999);
const standIn = await startHubSpotStandIn({ token: TOKEN, data: hubspotSampleData(), port });
console.log(`HubSpot stand-in serving the sample portal at ${standIn.url}. Use:\n`);
console.log(`HUBSPOT_API_URL=${standIn.url}`);
console.log(`HUBSPOT_TOKEN=${TOKEN}\n`);
console.log('Ctrl-C stops it.');

process.once('SIGINT', () => {
  void standIn.close().then(() => process.exit(0));
});
