#!/usr/bin/env node
// The operator CLI as an installed command: runs src/cli.ts through tsx.
import { register } from 'tsx/esm/api';

register();
process.env.FOCUS_CLI = '1';
await import('../src/cli.ts');
