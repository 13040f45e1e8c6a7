/**
 * The pages a person installing the app sees at the end of /slack/oauth_redirect: what happened, and what to do
 * next. Plain HTML, every value escaped; no token or secret is ever put in one.
 */
import type { ServerResponse } from 'node:http';
import type { Installation } from '@slack/bolt';

/** @slack/oauth's error codes (CodedError#code) that the failure page tells apart. */
const INVALID_STATE = 'slack_oauth_invalid_state';
const MISSING_STATE = 'slack_oauth_missing_state';
const MISSING_CODE = 'slack_oauth_missing_code';
const AUTHORIZATION = 'slack_oauth_installer_authorization_error';

export interface InstallFailure {
  status: number;
  title: string;
  detail: string;
}

/** What the installer is told for an error of @slack/oauth's flow (its `code`, and its message for a cancel). */
export function describeInstallFailure(error: { code?: string; message?: string }): InstallFailure {
  switch (error.code) {
    case INVALID_STATE:
    case MISSING_STATE:
      return {
        status: 400,
        title: 'This installation link has expired or was not started here',
        detail:
          'For your security an installation must finish in the browser that started it, within 10 minutes. ' +
          'Nothing was installed. Start again from the Add to Slack button.',
      };
    case MISSING_CODE:
      return {
        status: 400,
        title: 'Slack did not send an authorization code',
        detail: 'Nothing was installed. Start again from the Add to Slack button.',
      };
    case AUTHORIZATION:
      if (/cancel/i.test(error.message ?? '')) {
        return {
          status: 200,
          title: 'Installation cancelled',
          detail: 'Nothing was installed. You can close this page.',
        };
      }
      break;
  }
  return {
    status: 502,
    title: 'Slack did not complete the installation',
    detail:
      'Nothing was installed; this server could not exchange the authorization with Slack or store it. ' +
      `Try again in a few minutes, and tell the app's operator if it keeps failing (reason: ${error.code ?? 'unknown'}).`,
  };
}

/** The page after a successful install: where, and how to start. */
export function installSuccessPage(installation: Installation, res: ServerResponse): void {
  const orgWide = installation.isEnterpriseInstall === true;
  const where = orgWide
    ? `your Enterprise Grid organization ${installation.enterprise?.name ?? installation.enterprise?.id ?? ''}`
    : `the workspace ${installation.team?.name ?? installation.team?.id ?? ''}`;
  const next = orgWide
    ? 'An org admin now chooses the workspaces it serves in the org’s app management page.'
    : 'Open Slack and type <code>/focus</code> in any channel or DM to see your quota gap; ' +
      'set your quota with <code>/focus quota 120k</code>.';
  const link = !orgWide && installation.team?.id ? slackLink(installation.team.id, installation.appId) : '';
  respond(
    res,
    200,
    'Focus Coach is installed',
    `<p>Focus Coach is now installed in ${escapeHtml(where.trim())}.</p>
<p>${next}</p>${link}`,
  );
}

/** The page after a failed install, with the status the failure calls for. */
export function installFailurePage(error: { code?: string; message?: string }, res: ServerResponse): void {
  const failure = describeInstallFailure(error);
  respond(res, failure.status, failure.title, `<p>${escapeHtml(failure.detail)}</p>`);
}

function slackLink(teamId: string, appId: string | undefined): string {
  const app = appId ? `&id=${encodeURIComponent(appId)}` : '';
  const deep = `slack://app?team=${encodeURIComponent(teamId)}${app}`;
  const web = `https://app.slack.com/client/${encodeURIComponent(teamId)}`;
  return `<p><a href="${escapeHtml(deep)}">Open Slack</a> · <a href="${escapeHtml(web)}">Slack in the browser</a></p>`;
}

function respond(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
