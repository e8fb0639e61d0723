import { z } from 'zod';

const EXAMPLE_ID = '01936f4e-8b7a-7cde-9f01-23456789abcd';

/** An id the server made (UUIDv7 today; clients treat it as opaque). */
export const IdOut = z.string().meta({ description: 'An id (opaque)', examples: [EXAMPLE_ID] });

/** An instant as the server writes it: ISO-8601 UTC with milliseconds. */
export const Instant = z.iso.datetime().meta({ examples: ['2026-11-22T16:00:00.000Z'] });

export const ProblemSchema = z
  .object({
    type: z.url().meta({ description: 'A URI naming the kind of problem' }),
    title: z.string().meta({ description: 'The status in words' }),
    status: z.int().min(100).max(599),
    code: z.string().meta({ description: 'Stable UPPER_SNAKE error code; each code has one status' }),
    detail: z.string().meta({ description: 'What went wrong, for a human' }),
    until: Instant.nullable()
      .optional()
      .meta({ description: 'ACCOUNT_SUSPENDED: when the suspension ends (null: a ban)' }),
    errors: z
      .array(
        z.object({
          path: z
            .string()
            .meta({ description: 'JSON Pointer into the body, or `?name` of a query parameter' }),
          code: z.string().meta({ description: 'The rule the field breaks' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'VALIDATION_FAILED: one entry per failing field' }),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem document (application/problem+json)',
    examples: [
      {
        type: 'https://kindred.dev/problems/validation-failed',
        title: 'Bad Request',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'The request body is not valid',
        errors: [
          {
            path: '/password',
            code: 'WEAK_PASSWORD',
            message: 'Password refused: use at least 8 characters',
          },
        ],
      },
    ],
  });
