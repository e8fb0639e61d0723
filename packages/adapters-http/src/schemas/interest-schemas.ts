import { INTEREST_MAX_LENGTH, normaliseInterest } from '@kindred/domain';
import { text } from './text.js';

/**
 * A tag as a member writes it. It is normalised before it is stored or
 * compared (lower case, no leading `#`, single spaces), and must keep 1–32
 * characters once normalised (else INVALID_INTEREST).
 */
export const Interest = text({
  min: 1,
  max: INTEREST_MAX_LENGTH,
  measure: normaliseInterest,
  lengthCode: 'INVALID_INTEREST',
  documented: {
    pattern:
      '^[^\\u0000-\\u001f\\u007f-\\u009f]*[^#\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$',
  },
  description: `1–${INTEREST_MAX_LENGTH} characters once normalised (lower case, no leading #)`,
  example: 'hiking',
});
