import { z } from 'zod';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable UPPER_SNAKE error code' }),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .meta({
        description: 'One entry per failing field; `path` is a JSON Pointer (body) or `?name` (query)',
      }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem document (application/problem+json)' });
