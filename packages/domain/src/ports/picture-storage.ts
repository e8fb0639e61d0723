/** Where picture bytes live (a folder, an object store); keys are opaque file names. */
export interface PictureStorage {
  save(key: string, bytes: Uint8Array): Promise<void>;
  /** Null when there is no such file. */
  read(key: string): Promise<Uint8Array | null>;
  /** Idempotent. */
  remove(key: string): Promise<void>;
}
