import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Slack's published schema, vendored unchanged in vendor/ (MIT, see its LICENSE), so a fresh clone tests it anywhere.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = resolve(repoRoot, 'vendor', 'slack-manifest-schema');

// ajv-formats is CommonJS with `exports.default`; under `module: nodenext` the default import is the module object.
const addFormats = addFormatsModule.default;

interface SlashCommand {
  command: string;
  description?: string;
  usage_hint?: string;
  should_escape?: boolean;
  url?: string;
}

/** The parts of a Slack app manifest this test looks at; the schema checks the rest. */
interface Manifest {
  _metadata?: { major_version?: number; minor_version?: number };
  display_information?: { name?: string; description?: string; long_description?: string; background_color?: string };
  features?: {
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user?: { display_name?: string; always_online?: boolean };
    slash_commands?: SlashCommand[];
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled?: boolean; request_url?: string };
    socket_mode_enabled?: boolean;
    org_deploy_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'im:write',
  'im:history',
  'channels:history',
  'groups:history',
  'users:read',
  'users:read.email',
  'files:write',
];

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function readSchema(fileName: string): AnySchemaObject {
  return readJson(join(schemaDir, fileName)) as AnySchemaObject;
}

function readManifest(): Manifest {
  return parse(readFileSync(join(repoRoot, 'manifest.yml'), 'utf8')) as Manifest;
}

/** Every `$ref` in a schema that points outside it (not a `#/…` fragment). */
function externalRefs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(externalRefs);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' && !value.startsWith('#') ? [value] : externalRefs(value),
  );
}

/**
 * Ajv with the router schema (`manifest.schema.json`) and the per-version schemas it references. The router
 * refers to them by their raw.githubusercontent.com URLs and the vendored copies carry no `$id`, so each is
 * registered under the URL that refers to it: no network access.
 */
function createValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schemas use `format: uri`; without the formats Ajv only warns and skips the check.
  addFormats(ajv);
  const router = readSchema('manifest.schema.json');
  const byVersionFile = new Map<string, string>();
  for (const ref of new Set(externalRefs(router))) {
    const fileName = basename(new URL(ref).pathname);
    if (!existsSync(join(schemaDir, fileName))) throw new Error(`no vendored copy of ${ref} in ${schemaDir}`);
    ajv.addSchema(readSchema(fileName), ref);
    byVersionFile.set(fileName, ref);
  }
  const validateAny = ajv.compile(router);

  /** The schema `_metadata.major_version` names (1 when absent), as Slack routes it. */
  function forMajorVersion(major: number): ValidateFunction {
    const ref = byVersionFile.get(`manifest.schema.${major}.0.0.json`);
    const validate = ref === undefined ? undefined : ajv.getSchema(ref);
    if (validate === undefined) throw new Error(`no vendored schema for manifest major version ${major}`);
    return validate;
  }

  function describeErrors(errors: ErrorObject[] | null | undefined): string {
    return ajv.errorsText(errors, { dataVar: 'manifest', separator: '\n' });
  }

  return { validateAny, forMajorVersion, describeErrors };
}

const validator = createValidator();

function majorVersionOf(manifest: { _metadata?: { major_version?: number } }): number {
  return manifest._metadata?.major_version ?? 1;
}

describe('the vendored Slack manifest schema', () => {
  it('compiles and accepts the schema repository’s valid sample', () => {
    const sample = readJson(join(schemaDir, 'manifest.valid.json')) as Manifest;
    const validate = validator.forMajorVersion(majorVersionOf(sample));
    expect(validate(sample), validator.describeErrors(validate.errors)).toBe(true);
    expect(validator.validateAny(sample), validator.describeErrors(validator.validateAny.errors)).toBe(true);
  });

  it('rejects the invalid sample and names the unknown setting', () => {
    const sample = readJson(join(schemaDir, 'manifest.invalid.json')) as Manifest;
    const validate = validator.forMajorVersion(majorVersionOf(sample));
    expect(validate(sample)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({
        instancePath: '/settings',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'bad_param' },
      }),
    );
    expect(validator.validateAny(sample)).toBe(false);
  });
});

describe('manifest.yml', () => {
  const manifest = readManifest();

  it('is valid against the schema its _metadata.major_version names', () => {
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
    const validate = validator.forMajorVersion(majorVersionOf(manifest));
    expect(validate(manifest), validator.describeErrors(validate.errors)).toBe(true);
    // Slack's own entry point, which routes on the major version, agrees.
    expect(validator.validateAny(manifest), validator.describeErrors(validator.validateAny.errors)).toBe(true);
  });

  it('has a hex background colour (the schema spells this `regex`, a keyword Ajv ignores)', () => {
    expect(manifest.display_information?.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
  });

  it('declares /focus with a description, a usage hint and escaped mentions', () => {
    const focus = manifest.features?.slash_commands?.find((command) => command.command === '/focus');
    expect(focus).toMatchObject({
      description: expect.any(String),
      usage_hint: '[help | quota 120k | won 30k Acme | log call 3 Acme | plan …]',
      should_escape: true,
    });
  });

  it('subscribes to app_home_opened and message.im', () => {
    expect(manifest.settings?.event_subscriptions?.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'message.im']),
    );
  });

  it('enables interactivity for buttons and modals', () => {
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  it('enables the Home tab and a Messages tab reps can reply in', () => {
    expect(manifest.features?.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it('requests exactly the bot scopes the app uses, and no user scopes', () => {
    const bot = manifest.oauth_config?.scopes?.bot ?? [];
    expect(new Set(bot).size).toBe(bot.length);
    expect([...bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
  });

  it('installs per workspace with long-lived bot tokens (no org-wide deploy, no token rotation)', () => {
    expect(manifest.settings).toMatchObject({
      org_deploy_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it('reaches the bot by Socket Mode, or by one request URL for commands, events and interactivity', () => {
    const settings = manifest.settings;
    if (settings?.socket_mode_enabled) return;
    const urls = [
      ...(manifest.features?.slash_commands ?? []).map((command) => command.url),
      settings?.event_subscriptions?.request_url,
      settings?.interactivity?.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
  });
});
