/**
 * 64-bit FNV-1a as hex. Not cryptographic: it stands in for real digests in
 * the in-memory adapters, which have no crypto of their own to lean on.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
