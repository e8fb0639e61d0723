import { TEXT_ERROR_CODES } from '@kindred/domain';

/**
 * Every `errors[].code` a 400 answer can carry: the schema's own (a field
 * missing, of the wrong type, out of range…) and the domain's rules. The
 * OpenAPI document lists them; the fuzzer fails on any other.
 */
export const FIELD_ERROR_CODES = [
  // The schema's.
  'REQUIRED',
  'INVALID_TYPE',
  'OUT_OF_RANGE',
  'INVALID_FORMAT',
  'INVALID_VALUE',
  'UNKNOWN_FIELD',
  'INVALID',
  'MALFORMED_JSON',
  TEXT_ERROR_CODES.invalidCharacter,
  TEXT_ERROR_CODES.controlCharacter,
  // The domain's.
  'TOO_LONG',
  'TOO_MANY',
  'EMPTY',
  'INVALID_USERNAME',
  'INVALID_EMAIL',
  'WEAK_PASSWORD',
  'UNDERAGE',
  'INVALID_DATE',
  'INVALID_URL',
  'INVALID_INTEREST',
  'INVALID_CURSOR',
  'MIN_ABOVE_MAX',
  'INVALID_COORDINATES',
  'NOT_IN_CONVERSATION',
  'CONFLICT',
  'WEBSOCKET_REQUIRED',
  'NOT_IN_FUTURE',
] as const;
