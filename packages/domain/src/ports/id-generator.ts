/** Opaque, unique, roughly time-ordered ids (UUIDv7 in production). */
export interface IdGenerator {
  next(): string;
}
