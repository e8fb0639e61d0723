import type { AuditEntry, ReportGroup, User } from '@kindred/domain';
import { moderationStatus, suspensionEnd } from '@kindred/domain';
import type { AuditEntryDto, ModeratedUserDto, ReportGroupDto } from '../schemas/moderation.js';
import { presentSummary } from './profile-presenter.js';
import { presentPicture } from './me-presenter.js';

export function presentModeratedUser(
  moderator: User,
  user: User,
  hidden: boolean,
  now: Date,
  mediaBaseUrl: string,
): ModeratedUserDto {
  const status = moderationStatus(user, now);
  return {
    ...presentSummary(moderator, user, now, mediaBaseUrl),
    email: user.email,
    createdAt: user.createdAt.toISOString(),
    role: user.role,
    status,
    suspendedUntil: status === 'suspended' ? (suspensionEnd(user)?.toISOString() ?? null) : null,
    hidden,
    pictures: user.pictures.map((p) => presentPicture(p, user.profilePictureId, mediaBaseUrl)),
  };
}

export function presentReportGroup(group: ReportGroup, user: ModeratedUserDto): ReportGroupDto {
  return {
    user,
    distinctReporters: group.distinctReporters,
    lastReportedAt: group.lastReportedAt.toISOString(),
    reports: group.reports.map((r) => ({
      id: r.id,
      reporter: { ...r.reporter },
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      status: r.status,
    })),
  };
}

export function presentAuditEntry(entry: AuditEntry): AuditEntryDto {
  return {
    id: entry.id,
    moderator: { ...entry.moderator },
    action: entry.action,
    target: { ...entry.target },
    reason: entry.reason,
    until: entry.until?.toISOString() ?? null,
    at: entry.at.toISOString(),
  };
}
