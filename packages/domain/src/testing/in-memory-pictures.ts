import type { ImageProcessor, ProcessedImage } from '../ports/image-processor.js';
import type { IpLocator } from '../ports/ip-locator.js';
import type { PictureStorage } from '../ports/picture-storage.js';
import { ImageTooLargeError, UnsupportedImageError } from '../errors.js';

const SIGNATURES: [number[], Omit<ProcessedImage, 'bytes' | 'width' | 'height'>][] = [
  [[0xff, 0xd8, 0xff], { contentType: 'image/jpeg', extension: 'jpg' }],
  [[0x89, 0x50, 0x4e, 0x47], { contentType: 'image/png', extension: 'png' }],
  [[0x52, 0x49, 0x46, 0x46], { contentType: 'image/webp', extension: 'webp' }],
];

/** Recognises pictures by their first bytes and keeps them as they are (100×100): no decoding in the core. */
export class SignatureImageProcessor implements ImageProcessor {
  constructor(private readonly maxBytes = 10 * 1024 * 1024) {}

  async process(bytes: Uint8Array): Promise<ProcessedImage> {
    if (bytes.length > this.maxBytes) throw new ImageTooLargeError();
    const match = SIGNATURES.find(([magic]) => magic.every((b, i) => bytes[i] === b));
    if (!match) throw new UnsupportedImageError();
    return { ...match[1], bytes, width: 100, height: 100 };
  }
}

export class InMemoryPictureStorage implements PictureStorage {
  readonly files = new Map<string, Uint8Array>();

  async save(key: string, bytes: Uint8Array): Promise<void> {
    this.files.set(key, bytes);
  }

  async read(key: string): Promise<Uint8Array | null> {
    return this.files.get(key) ?? null;
  }

  async remove(key: string): Promise<void> {
    this.files.delete(key);
  }
}

/** Answers from a fixed table of addresses. */
export class TableIpLocator implements IpLocator {
  constructor(
    private readonly table: Record<string, { latitude: number; longitude: number; city: string | null }> = {},
  ) {}

  async locate(ip: string) {
    return this.table[ip] ?? null;
  }
}
