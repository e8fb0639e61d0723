import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateClientTypes } from '../src/codegen/client-types.js';
import { ADMIN_BUNDLE, buildAdminBundle } from '../src/codegen/admin-bundle.js';

const GENERATED = resolve(import.meta.dirname, '../../../packages/client/src/generated');

describe('the client SDK’s generated types', () => {
  it('are what the server describes now (when this fails: npm run generate:client)', async () => {
    const { openapi, frames } = await generateClientTypes();
    const stale = [
      (await readFile(resolve(GENERATED, 'openapi.ts'), 'utf8')) === openapi ? null : 'openapi.ts',
      (await readFile(resolve(GENERATED, 'frames.ts'), 'utf8')) === frames ? null : 'frames.ts',
      (await readFile(ADMIN_BUNDLE, 'utf8')) === (await buildAdminBundle())
        ? null
        : 'the /admin page’s kindred-client.js',
    ].filter(Boolean);
    expect(stale, `stale: ${stale.join(', ')} — run npm run generate:client and commit the result`).toEqual(
      [],
    );
  });
});
