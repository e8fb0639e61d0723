import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateClientTypes } from '../codegen/client-types.js';
import { ADMIN_BUNDLE, buildAdminBundle } from '../codegen/admin-bundle.js';

/** `npm run generate:client`: writes the client SDK's generated types from the server's documents, and the moderation page's SDK bundle. */
const target = resolve(import.meta.dirname, '../../../../packages/client/src/generated');
const { openapi, frames } = await generateClientTypes();
await writeFile(resolve(target, 'openapi.ts'), openapi);
await writeFile(resolve(target, 'frames.ts'), frames);
await writeFile(ADMIN_BUNDLE, await buildAdminBundle());
console.log(`Wrote ${target}/openapi.ts and frames.ts, and ${ADMIN_BUNDLE}`);
