import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PictureStorage } from '@kindred/domain';

const SAFE_KEY = /^[A-Za-z0-9_-]{20,80}\.(jpg|png|webp)$/;

/** Pictures as files in one folder (DATA_DIR/media). Keys are checked, so no path escapes it. */
export class FilesystemPictureStorage implements PictureStorage {
  constructor(private readonly dir: string) {}

  async save(key: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.path(key), bytes, { mode: 0o644 });
  }

  async read(key: string): Promise<Uint8Array | null> {
    if (!SAFE_KEY.test(key)) return null;
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    if (SAFE_KEY.test(key)) await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Not a picture key: ${key}`);
    return join(this.dir, key);
  }
}
