import { z } from 'zod';
import type { Context } from 'koa';
import {
  BIOGRAPHY_MAX_LENGTH,
  GENDERS,
  INTEREST_MAX_LENGTH,
  MAX_INTERESTS,
  MINIMUM_AGE,
  OCCUPATION_MAX_LENGTH,
  SOCIAL_LINK_MAX_LENGTH,
  SOCIAL_LINK_PATTERN,
  SOCIAL_NETWORKS,
  type User,
} from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import {
  Email,
  NewPassword,
  PasswordAttempt,
  PersonName,
  Token,
  Username,
} from '../schemas/account-schemas.js';
import { Interest } from '../schemas/interest-schemas.js';
import { list, text } from '../schemas/text.js';
import { GenderSchema, MeSchema, presentMe } from '@kindred/protocol';
import { publicOrigin } from '../public-origin.js';

const BASE = '/api/v1/me';
const tags = ['Me'];
const me = { description: 'The signed-in user', schema: MeSchema };

const SocialLinksPatch = z
  .strictObject(
    Object.fromEntries(
      SOCIAL_NETWORKS.map((n) => [
        n,
        text({
          max: SOCIAL_LINK_MAX_LENGTH,
          lengthCode: 'INVALID_URL',
          documented: { format: 'uri', pattern: SOCIAL_LINK_PATTERN.source },
          description:
            'An https:// URL on a domain name, in URI characters (others percent-encoded), or null to remove it',
          example: `https://${n === 'website' ? 'ada.example.org' : `${n}.com/ada`}`,
        })
          .nullable()
          .optional(),
      ]),
    ) as Record<(typeof SOCIAL_NETWORKS)[number], z.ZodOptional<z.ZodNullable<ReturnType<typeof text>>>>,
  )
  .meta({ description: 'Only the networks named change' });

const ProfilePatch = z
  .strictObject({
    firstName: PersonName,
    lastName: PersonName,
    birthDate: z.iso
      .date()
      .nullable()
      .meta({ description: `YYYY-MM-DD; age ≥ ${MINIMUM_AGE} (else UNDERAGE)`, examples: ['1994-06-01'] }),
    gender: GenderSchema.nullable(),
    sexualPreference: list(GenderSchema, { min: 1, max: GENDERS.length })
      .nullable()
      .meta({ description: 'Genders sought; null means everyone' }),
    biography: text({
      kind: 'multiline',
      max: BIOGRAPHY_MAX_LENGTH,
      lengthCode: 'TOO_LONG',
      description: `At most ${BIOGRAPHY_MAX_LENGTH} characters; line breaks kept; blank clears it`,
      example: 'Poetical science, long walks.',
    }).nullable(),
    interests: list(Interest, { max: MAX_INTERESTS }).meta({
      description: `At most ${MAX_INTERESTS} tags, each 1–${INTEREST_MAX_LENGTH} characters after normalising (lower case, no leading #, single spaces)`,
    }),
    occupation: text({
      max: OCCUPATION_MAX_LENGTH,
      lengthCode: 'TOO_LONG',
      description: `At most ${OCCUPATION_MAX_LENGTH} characters; blank clears it`,
      example: 'Analyst',
    }).nullable(),
    socialLinks: SocialLinksPatch,
  })
  .partial()
  .meta({
    id: 'ProfilePatch',
    examples: [
      { gender: 'female', birthDate: '1994-06-01', biography: 'Hello', interests: ['poetry', '#tea'] },
    ],
  });

export function meRoutes({ useCases, clock, onSessionRevoked }: HttpDeps): RouteDefinition[] {
  const present = (ctx: Context, user: User) => ({
    status: 200,
    body: presentMe(user, clock.now(), publicOrigin(ctx)),
  });
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      operationId: 'getMe',
      summary: 'The signed-in user',
      description: 'Everything about the signed-in member, email and position included.',
      tags,
      auth: true,
      responses: { 200: me },
      handle: async ({ ctx, auth }) => present(ctx, await useCases.getMe.execute({ userId: auth.userId })),
    }),
    defineRoute({
      method: 'patch',
      path: BASE,
      operationId: 'updateMe',
      summary: 'Edit the profile',
      description:
        'Only the fields sent change; `null` clears a field. Every failing field is named in one answer.',
      tags,
      auth: true,
      body: ProfilePatch,
      rules: (fields) => useCases.updateProfile.check(fields),
      ruleCodes: ['UNDERAGE', 'OUT_OF_RANGE', 'INVALID_URL', 'INVALID_INTEREST'],
      responses: { 200: me },
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.updateProfile.execute({ userId: auth.userId, patch: body })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/username`,
      operationId: 'changeUsername',
      summary: 'Change the username',
      description: 'Changing only the case of one’s own name is allowed.',
      tags,
      auth: true,
      body: z.strictObject({ username: Username() }).meta({ examples: [{ username: 'ada.l' }] }),
      responses: { 200: me },
      problems: ['USERNAME_TAKEN'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.changeUsername.execute({ userId: auth.userId, username: body.username })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/email`,
      operationId: 'changeEmail',
      summary: 'Ask to change the email address',
      description:
        'The new address stays pending, and the old one in use, until the link mailed to the new one is followed (24 h).',
      tags,
      auth: true,
      body: z
        .strictObject({ email: Email, password: PasswordAttempt })
        .meta({ examples: [{ email: 'ada@new.example.org', password: 'correct horse battery staple' }] }),
      responses: { 200: me },
      problems: ['WRONG_PASSWORD'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.changeEmail.execute({ userId: auth.userId, ...body })),
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/email/confirm`,
      operationId: 'confirmEmailChange',
      summary: 'Confirm the new email address with the token from the mail',
      description: 'The link is valid 24 h; the new address replaces the old one.',
      tags,
      auth: true,
      body: z
        .strictObject({ token: Token })
        .meta({ examples: [{ token: 'o7Yc1Zb0qO2cH3Jm4x9sQk5Vt8aR6nLw0eP2iD1fG3h' }] }),
      responses: { 200: me },
      problems: ['TOKEN_INVALID'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.confirmEmailChange.execute({ userId: auth.userId, token: body.token })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/password`,
      operationId: 'changePassword',
      summary: 'Change the password',
      description: 'Every other session of the user is revoked; this one stays.',
      tags,
      auth: true,
      body: z.strictObject({ currentPassword: PasswordAttempt, newPassword: NewPassword }).meta({
        examples: [
          { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase' },
        ],
      }),
      ruleCodes: ['WEAK_PASSWORD'],
      responses: { 204: { description: 'Changed' } },
      problems: ['WRONG_PASSWORD'],
      handle: async ({ auth, body }) => {
        await useCases.changePassword.execute({ userId: auth.userId, sessionId: auth.sessionId, ...body });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'delete',
      path: BASE,
      operationId: 'deleteMe',
      summary: 'Delete the account and everything it owns',
      description:
        'Pictures and their files, likes, visits, blocks, reports, messages, memberships, notifications and sessions all go.',
      tags,
      auth: true,
      body: z
        .strictObject({ password: PasswordAttempt })
        .meta({ examples: [{ password: 'correct horse battery staple' }] }),
      responses: { 204: { description: 'Gone' } },
      problems: ['WRONG_PASSWORD'],
      handle: async ({ auth, body }) => {
        await useCases.deleteAccount.execute({ userId: auth.userId, password: body.password });
        onSessionRevoked?.(auth.sessionId);
        return { status: 204 };
      },
    }),
  ];
}
