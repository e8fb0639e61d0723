import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SharpImageProcessor } from './sharp-image-processor.js';
import { FilesystemPictureStorage } from './filesystem-picture-storage.js';

const processor = new SharpImageProcessor();

async function picture(width: number, height: number, format: 'jpeg' | 'png' | 'webp', withGps = false) {
  let image = sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } },
  }).toFormat(format);
  if (withGps)
    image = image.withExif({
      IFD0: { Make: 'Phone', Copyright: 'secret' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' },
    });
  return image.toBuffer();
}

describe('SharpImageProcessor', () => {
  it.each(['jpeg', 'png', 'webp'] as const)(
    're-encodes %s by its bytes and keeps the kind',
    async (format) => {
      const result = await processor.process(await picture(300, 200, format));
      expect(result).toMatchObject({ width: 300, height: 200, contentType: `image/${format}` });
      expect((await sharp(result.bytes).metadata()).format).toBe(format);
    },
  );

  it('removes EXIF and GPS metadata', async () => {
    const input = await picture(120, 80, 'jpeg', true);
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const result = await processor.process(input);
    const meta = await sharp(result.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Buffer.from(result.bytes).includes(Buffer.from('secret'))).toBe(false);
  });

  it('shrinks the longest side to 2048 px, never enlarges', async () => {
    const result = await processor.process(await picture(4096, 1024, 'png'));
    expect([result.width, result.height]).toEqual([2048, 512]);
    const small = await processor.process(await picture(50, 40, 'png'));
    expect([small.width, small.height]).toEqual([50, 40]);
  });

  it('refuses text named like a picture, and a truncated picture', async () => {
    await expect(
      processor.process(new TextEncoder().encode('not a picture at all, but a .jpg name')),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const truncated = (await picture(200, 200, 'jpeg')).subarray(0, 300);
    await expect(processor.process(truncated)).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses a decompression bomb and an oversized upload', async () => {
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(2_000_000);
    await expect(processor.process(bomb)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(processor.process(new Uint8Array(10 * 1024 * 1024 + 1))).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

describe('FilesystemPictureStorage', () => {
  it('saves, reads and removes by key, and never leaves its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindred-media-'));
    const storage = new FilesystemPictureStorage(dir);
    const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd.jpg';
    await storage.save(key, new Uint8Array([1, 2, 3]));
    expect(await storage.read(key)).toEqual(Buffer.from([1, 2, 3]));
    expect(await readdir(dir)).toEqual([key]);
    expect(await storage.read('../../etc/passwd')).toBeNull();
    await expect(storage.save('../escape.jpg', new Uint8Array([1]))).rejects.toThrow();
    await storage.remove(key);
    await storage.remove(key);
    expect(await storage.read(key)).toBeNull();
  });
});
