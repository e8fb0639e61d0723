import sharp, { type Sharp } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';
import {
  ImageTooLargeError,
  UnsupportedImageError,
  type ImageProcessor,
  type ProcessedImage,
} from '@kindred/domain';

export interface ImageLimits {
  /** Bytes of an upload. */
  readonly maxBytes: number;
  /** Pixels of the decoded input: a guard against decompression bombs. */
  readonly maxInputPixels: number;
  /** Longest side of the stored picture. */
  readonly maxSide: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxInputPixels: 40_000_000,
  maxSide: 2048,
};

const KINDS = {
  'image/jpeg': { extension: 'jpg', encode: (image: Sharp) => image.jpeg({ quality: 82, mozjpeg: true }) },
  'image/png': { extension: 'png', encode: (image: Sharp) => image.png({ compressionLevel: 9 }) },
  'image/webp': { extension: 'webp', encode: (image: Sharp) => image.webp({ quality: 82 }) },
} as const;

/**
 * Knows a picture by its bytes (file-type), never by its name or declared
 * type, then re-encodes it with sharp: turned upright from its EXIF
 * orientation, metadata (EXIF, GPS, ICC comments) dropped, longest side at
 * most 2048 px, decoding refused past 40 megapixels.
 */
export class SharpImageProcessor implements ImageProcessor {
  constructor(private readonly limits: ImageLimits = DEFAULT_IMAGE_LIMITS) {}

  async process(bytes: Uint8Array): Promise<ProcessedImage> {
    if (bytes.length > this.limits.maxBytes) throw new ImageTooLargeError();
    const detected = await fileTypeFromBuffer(bytes);
    const kind = detected && (detected.mime in KINDS ? (detected.mime as keyof typeof KINDS) : null);
    if (!kind) throw new UnsupportedImageError();
    try {
      const input = sharp(bytes, {
        limitInputPixels: this.limits.maxInputPixels,
        failOn: 'error',
        animated: false,
      });
      const resized = input.rotate().resize({
        width: this.limits.maxSide,
        height: this.limits.maxSide,
        fit: 'inside',
        withoutEnlargement: true,
      });
      const { data, info } = await KINDS[kind].encode(resized).toBuffer({ resolveWithObject: true });
      return {
        bytes: data,
        contentType: kind,
        extension: KINDS[kind].extension,
        width: info.width,
        height: info.height,
      };
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (/pixel limit/i.test(message)) throw new ImageTooLargeError();
      throw new UnsupportedImageError('The picture could not be read; send a valid JPEG, PNG or WebP');
    }
  }
}
