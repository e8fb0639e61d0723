export interface ProcessedImage {
  readonly bytes: Uint8Array;
  readonly contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  readonly extension: 'jpg' | 'png' | 'webp';
  readonly width: number;
  readonly height: number;
}

/**
 * Checks what an upload really is (by its bytes, not its name) and re-encodes
 * it without metadata. Throws `UnsupportedImageError` or `ImageTooLargeError`.
 */
export interface ImageProcessor {
  process(bytes: Uint8Array): Promise<ProcessedImage>;
}
