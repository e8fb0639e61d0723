import { z } from 'zod';
import type { Context } from 'koa';
import { SOCIAL_NETWORKS, type User } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import { GenderSchema, MeSchema } from '../schemas/me-schema.js';
import { presentMe, publicOrigin } from '../presenters/me-presenter.js';

const BASE = '/api/v1/me';
const tags = ['Me'];
const me = { description: 'The signed-in user', schema: MeSchema };

const SocialLinksPatch = z.strictObject(
  Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, z.string().nullable().optional()])) as Record<
    (typeof SOCIAL_NETWORKS)[number],
    z.ZodOptional<z.ZodNullable<z.ZodString>>
  >,
);

const ProfilePatch = z
  .strictObject({
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string().nullable().meta({ description: 'YYYY-MM-DD; age ≥ 18 (else UNDERAGE)' }),
    gender: GenderSchema.nullable(),
    sexualPreference: z
      .array(GenderSchema)
      .nullable()
      .meta({ description: 'Genders sought; null means everyone' }),
    biography: z.string().nullable().meta({ description: '≤ 2000 characters' }),
    interests: z
      .array(z.string())
      .meta({ description: '≤ 20 tags of 1–32 characters, stored lower case without a leading #' }),
    occupation: z.string().nullable().meta({ description: '≤ 100 characters' }),
    socialLinks: SocialLinksPatch,
  })
  .partial()
  .meta({ id: 'ProfilePatch' });

export function meRoutes({ useCases, clock, onSessionRevoked }: HttpDeps): RouteDefinition[] {
  const present = (ctx: Context, user: User) => ({
    status: 200,
    body: presentMe(user, clock.now(), publicOrigin(ctx)),
  });
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      summary: 'The signed-in user',
      tags,
      auth: true,
      responses: { 200: me },
      handle: async ({ ctx, auth }) => present(ctx, await useCases.getMe.execute({ userId: auth.userId })),
    }),
    defineRoute({
      method: 'patch',
      path: BASE,
      summary: 'Edit the profile',
      tags,
      auth: true,
      body: ProfilePatch,
      responses: { 200: me },
      problems: ['VALIDATION_FAILED'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.updateProfile.execute({ userId: auth.userId, patch: body })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/username`,
      summary: 'Change the username',
      tags,
      auth: true,
      body: z.strictObject({ username: z.string() }),
      responses: { 200: me },
      problems: ['VALIDATION_FAILED', 'USERNAME_TAKEN'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.changeUsername.execute({ userId: auth.userId, username: body.username })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/email`,
      summary: 'Ask to change the email address',
      description:
        'The new address stays pending, and the old one in use, until the link mailed to the new one is followed (24 h).',
      tags,
      auth: true,
      body: z.strictObject({ email: z.string(), password: z.string() }),
      responses: { 200: me },
      problems: ['VALIDATION_FAILED', 'WRONG_PASSWORD'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.changeEmail.execute({ userId: auth.userId, ...body })),
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/email/confirm`,
      summary: 'Confirm the new email address with the token from the mail',
      tags,
      auth: true,
      body: z.strictObject({ token: z.string() }),
      responses: { 200: me },
      problems: ['TOKEN_INVALID'],
      handle: async ({ ctx, auth, body }) =>
        present(ctx, await useCases.confirmEmailChange.execute({ userId: auth.userId, token: body.token })),
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/password`,
      summary: 'Change the password',
      description: 'Every other session of the user is revoked; this one stays.',
      tags,
      auth: true,
      body: z.strictObject({ currentPassword: z.string(), newPassword: z.string() }),
      responses: { 204: { description: 'Changed' } },
      problems: ['VALIDATION_FAILED', 'WRONG_PASSWORD'],
      handle: async ({ auth, body }) => {
        await useCases.changePassword.execute({ userId: auth.userId, sessionId: auth.sessionId, ...body });
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'delete',
      path: BASE,
      summary: 'Delete the account and everything it owns',
      tags,
      auth: true,
      body: z.strictObject({ password: z.string() }),
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
