import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { accountKey } from '../../domain/account-name.js';
import type { SlackDeps } from '../deps.js';
import { INPUTS } from '../ids.js';
import type { SlackRouter } from '../router.js';
import { accountOptionValue, NEW_ACCOUNT_MAX } from '../submissions/fields.js';
import { option } from '../views/inputs.js';

/** Options for the account picker: known accounts matching what is typed, and "Add …" for a new name. */
export function registerAccountOptions(routes: SlackRouter, deps: SlackDeps): void {
  routes.options<'block_suggestion'>(
    INPUTS.account,
    async ({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
      await ack({ options: await accountOptions(deps, body) });
    },
  );
}

const FIT_LABEL = { yes: ' · ICP', no: ' · outside ICP', unknown: '' } as const;

export async function accountOptions(
  deps: Pick<SlackDeps, 'store'>,
  body: BlockSuggestion,
): Promise<PlainTextOption[]> {
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const typed = body.value.trim();
  const contained = await deps.store.accounts.searchAccounts(teamId, typed, 99);
  // Near names the search by contained text misses (`Glbex` for Globex Corp), within the 99 before “Add …”.
  const ids = new Set(contained.map((account) => account.id));
  const near =
    typed === ''
      ? []
      : (await deps.store.accounts.nearAccounts(teamId, typed)).filter((account) => !ids.has(account.id));
  const found = [...contained.slice(0, 99 - near.length), ...near];
  const options = found.map((account) =>
    option(`${account.name}${FIT_LABEL[account.icp]}`, accountOptionValue({ id: account.id })),
  );
  const exact = found.some((account) => account.nameKey === accountKey(typed));
  if (typed !== '' && !exact) {
    const tooLong = Array.from(typed).length > NEW_ACCOUNT_MAX;
    options.push(
      tooLong
        ? option(
            `Too long: new account names have at most ${NEW_ACCOUNT_MAX} characters`,
            accountOptionValue({ invalid: true }),
          )
        : option(`Add “${typed}”`, accountOptionValue({ name: typed })),
    );
  }
  return options;
}
