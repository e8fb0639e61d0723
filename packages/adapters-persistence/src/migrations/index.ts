import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Accounts } from './migration-0001-accounts.js';
import { Migration0002RateLimits } from './migration-0002-rate-limits.js';
import { Migration0003SessionRevocationNotify } from './migration-0003-session-revocation-notify.js';
import { Migration0004UserChangeNotify } from './migration-0004-user-change-notify.js';
import { Migration0005PicturesAndLocation } from './migration-0005-pictures-and-location.js';
import { Migration0006Social } from './migration-0006-social.js';
import { Migration0007Discovery } from './migration-0007-discovery.js';
import { Migration0008ChatAndEvents } from './migration-0008-chat-and-events.js';
import { Migration0009DiscoveryTagsAndCells } from './migration-0009-discovery-tags-and-cells.js';
import { Migration0010DiscoveryCoveringGrid } from './migration-0010-discovery-covering-grid.js';
import { Migration0011MemberActivity } from './migration-0011-member-activity.js';
import { Migration0012DiscoveryBrowses } from './migration-0012-discovery-browses.js';
import { Migration0013PresenceNotify } from './migration-0013-presence-notify.js';
import { Migration0014Moderation } from './migration-0014-moderation.js';
import { Migration0015MessageOutbox } from './migration-0015-message-outbox.js';
import { Migration0016UnloggedBrowses } from './migration-0016-unlogged-browses.js';
import { Migration0017TagCellsByGender } from './migration-0017-tag-cells-by-gender.js';
import { Migration0018BrowsesWithoutViewerKey } from './migration-0018-browses-without-viewer-key.js';
import { Migration0019DiscoveryPages } from './migration-0019-discovery-pages.js';

/**
 * Every migration, in order. Listed by hand rather than discovered on disk so
 * that sources (tests) and builds (server) run the very same list.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: '0001-accounts', class: Migration0001Accounts },
  { name: '0002-rate-limits', class: Migration0002RateLimits },
  { name: '0003-session-revocation-notify', class: Migration0003SessionRevocationNotify },
  { name: '0004-user-change-notify', class: Migration0004UserChangeNotify },
  { name: '0005-pictures-and-location', class: Migration0005PicturesAndLocation },
  { name: '0006-social', class: Migration0006Social },
  { name: '0007-discovery', class: Migration0007Discovery },
  { name: '0008-chat-and-events', class: Migration0008ChatAndEvents },
  { name: '0009-discovery-tags-and-cells', class: Migration0009DiscoveryTagsAndCells },
  { name: '0010-discovery-covering-grid', class: Migration0010DiscoveryCoveringGrid },
  { name: '0011-member-activity', class: Migration0011MemberActivity },
  { name: '0012-discovery-browses', class: Migration0012DiscoveryBrowses },
  { name: '0013-presence-notify', class: Migration0013PresenceNotify },
  { name: '0014-moderation', class: Migration0014Moderation },
  { name: '0015-message-outbox', class: Migration0015MessageOutbox },
  { name: '0016-unlogged-browses', class: Migration0016UnloggedBrowses },
  { name: '0017-tag-cells-by-gender', class: Migration0017TagCellsByGender },
  { name: '0018-browses-without-viewer-key', class: Migration0018BrowsesWithoutViewerKey },
  { name: '0019-discovery-pages', class: Migration0019DiscoveryPages },
];
