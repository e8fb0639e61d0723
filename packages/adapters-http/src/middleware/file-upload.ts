import multer from '@koa/multer';
import type { Context } from 'koa';
import { HttpProblem } from '../problem.js';
import { refuseContentEncoding } from './json-body.js';

/**
 * Reads one file of a multipart/form-data request into memory, within
 * `maxBytes` (413 beyond). Not multipart: 415; no such field: 400.
 */
export function fileUpload(field: string, maxBytes: number): (ctx: Context) => Promise<Buffer> {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 12 },
  }).single(field);
  return async (ctx) => {
    refuseContentEncoding(ctx);
    if (!ctx.is('multipart/form-data'))
      throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', `Send multipart/form-data with a "${field}" part`);
    try {
      await upload(ctx as never, async () => {});
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE')
        throw new HttpProblem('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`);
      const message =
        code === 'LIMIT_UNEXPECTED_FILE'
          ? `Only one file, in the "${field}" part`
          : 'The multipart body could not be read';
      throw new HttpProblem('VALIDATION_FAILED', message, [{ path: `/${field}`, code: 'INVALID', message }]);
    }
    const file =
      (ctx as unknown as { file?: { buffer: Buffer } }).file ??
      (ctx.request as unknown as { file?: { buffer: Buffer } }).file;
    if (!file)
      throw new HttpProblem('VALIDATION_FAILED', `A "${field}" part is required`, [
        { path: `/${field}`, code: 'REQUIRED', message: 'Required' },
      ]);
    return file.buffer;
  };
}
