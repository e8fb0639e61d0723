import { z } from 'zod';
import { MODERATION_ACTIONS, REPORT_STATUSES, ROLES } from '@kindred/domain';
import { IdOut, Instant } from './common.js';
import { ProfileSummarySchema } from './profiles.js';
import { PictureSchema } from './me.js';

const Who = z.object({ id: IdOut, username: z.string() });

export const ModeratedUserSchema = ProfileSummarySchema.extend({
  email: z.string().meta({ format: 'email' }),
  createdAt: Instant,
  role: z.enum(ROLES),
  status: z.enum(['active', 'suspended', 'banned']),
  suspendedUntil: Instant.nullable().meta({
    description: 'The end of a suspension in force; null otherwise',
  }),
  hidden: z.boolean().meta({ description: 'Left out of suggestions and search by the reports against them' }),
  pictures: z.array(PictureSchema).meta({ description: 'All of them, for review (beyond the contract)' }),
}).meta({ id: 'ModeratedUser', description: 'A member as moderators see them' });

export const ReportSchema = z
  .object({
    id: IdOut,
    reporter: Who,
    reason: z.string().nullable(),
    createdAt: Instant,
    status: z.enum(REPORT_STATUSES),
  })
  .meta({ id: 'Report' });

export const ReportGroupSchema = z
  .object({
    user: ModeratedUserSchema,
    distinctReporters: z.int().min(0).meta({ description: 'Reporters not suspended or banned themselves' }),
    lastReportedAt: Instant,
    reports: z.array(ReportSchema).meta({ description: 'Newest first' }),
  })
  .meta({ id: 'ReportGroup', description: 'The reports of one status against one member' });

export const AuditEntrySchema = z
  .object({
    id: IdOut,
    moderator: Who,
    action: z.enum(MODERATION_ACTIONS),
    target: Who,
    reason: z.string().nullable(),
    until: Instant.nullable(),
    at: Instant,
  })
  .meta({ id: 'AuditEntry', description: 'One moderator action; never changed' });

export type ModeratedUserDto = z.infer<typeof ModeratedUserSchema>;
export type ReportGroupDto = z.infer<typeof ReportGroupSchema>;
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;
