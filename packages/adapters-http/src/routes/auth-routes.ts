import { z } from 'zod';
import type { Context } from 'koa';
import { serialize } from 'cookie';
import { LIFETIMES, errors, type IssuedTokens, type User } from '@kindred/domain';
import { defineRoute, type RouteDefinition } from '../route.js';
import type { HttpDeps } from '../http-deps.js';
import {
  AccountName,
  Email,
  NewPassword,
  PasswordAttempt,
  PersonName,
  Token,
  Username,
} from '../schemas/account-schemas.js';
import { bearerToken } from '../middleware/authentication.js';
import { MeSchema, presentMe } from '@kindred/protocol';
import { publicOrigin } from '../public-origin.js';

export const REFRESH_COOKIE = 'kindred_refresh';
const COOKIE_PATH = '/api/v1/auth';
const BASE = '/api/v1/auth';
const tags = ['Auth'];

const TokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().meta({ description: 'Seconds the access token lives' }),
    user: MeSchema,
  })
  .meta({
    id: 'TokenPair',
    description: '`user` is the signed-in member (see Me)',
  });

const VerificationSentSchema = z.object({ status: z.literal('verification-sent') });
const RefreshBody = z
  .strictObject({ refreshToken: Token.optional() })
  .optional()
  .meta({
    description: 'Optional: without it the refresh cookie is read',
    examples: [{ refreshToken: 'r3fr35h-t0k3n-fr0m-th3-l0g1n-4n5w3r-000000' }],
  });
const tokens = {
  description: 'A new session',
  schema: TokenPairSchema,
  headers: ['Set-Cookie', 'Cache-Control'] as const,
};

function setRefreshCookie(ctx: Context, token: string | null): void {
  ctx.append(
    'Set-Cookie',
    serialize(REFRESH_COOKIE, token ?? '', {
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: COOKIE_PATH,
      maxAge: token === null ? 0 : LIFETIMES.refreshTokenMs / 1000,
    }),
  );
}

export function authRoutes({ useCases, clock, onSessionRevoked }: HttpDeps): RouteDefinition[] {
  const tokenReply = (ctx: Context, issued: IssuedTokens & { user: User }) => {
    setRefreshCookie(ctx, issued.refreshToken);
    ctx.set('Cache-Control', 'no-store');
    return {
      status: 200,
      body: {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        tokenType: 'Bearer',
        expiresIn: issued.expiresIn,
        user: presentMe(issued.user, clock.now(), publicOrigin(ctx)),
      },
    };
  };

  return [
    defineRoute({
      method: 'get',
      path: `${BASE}/username-available`,
      operationId: 'isUsernameAvailable',
      summary: 'Is this username free?',
      description: 'Case does not make a new name: `Ada` is taken when `ada` is.',
      tags,
      auth: false,
      query: z.strictObject({ username: Username('?username') }),
      responses: {
        200: {
          description: 'Whether nobody holds the name (in any case)',
          schema: z.object({ available: z.boolean() }),
        },
      },
      handle: async ({ query }) => ({
        status: 200,
        body: { available: await useCases.checkUsernameAvailability.execute({ username: query.username }) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/register`,
      operationId: 'register',
      summary: 'Create an account',
      description:
        'Answers 202 whether or not the address is registered already; its owner gets a mail either way (no enumeration of members).',
      tags,
      auth: false,
      body: z
        .strictObject({
          username: Username(),
          email: Email,
          password: NewPassword,
          firstName: PersonName,
          lastName: PersonName,
        })
        .meta({
          examples: [
            {
              username: 'ada',
              email: 'ada@example.org',
              password: 'correct horse battery staple',
              firstName: 'Ada',
              lastName: 'Lovelace',
            },
          ],
        }),
      rules: (fields) => useCases.registerUser.check(fields),
      ruleCodes: ['WEAK_PASSWORD'],
      responses: {
        202: { description: 'A verification mail is on its way', schema: VerificationSentSchema },
      },
      problems: ['USERNAME_TAKEN', 'RATE_LIMITED'],
      handle: async ({ ctx, body }) => {
        await useCases.registerUser.execute({ ...body, ip: ctx.ip });
        return { status: 202, body: { status: 'verification-sent' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/verify-email`,
      operationId: 'verifyEmail',
      summary: 'Confirm an address with the token from the mail',
      description: 'The link is valid 24 h and works once; the answer is the verified account.',
      tags,
      auth: false,
      body: z
        .strictObject({ token: Token })
        .meta({ examples: [{ token: 'o7Yc1Zb0qO2cH3Jm4x9sQk5Vt8aR6nLw0eP2iD1fG3h' }] }),
      responses: { 200: { description: 'The account is verified', schema: z.object({ user: MeSchema }) } },
      problems: ['TOKEN_INVALID'],
      handle: async ({ ctx, body }) => {
        const user = await useCases.verifyEmail.execute({ ...body, ip: ctx.ip });
        return { status: 200, body: { user: presentMe(user, clock.now(), publicOrigin(ctx)) } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/verify-email/resend`,
      operationId: 'resendVerification',
      summary: 'Mail a fresh verification link',
      description:
        'Answers 202 whatever the body names (no enumeration of members); an unverified account named by its address or username gets a fresh link. 3 mails per address per hour.',
      tags,
      auth: false,
      body: z
        .strictObject({ email: AccountName.optional(), username: AccountName.optional() })
        .meta({ examples: [{ email: 'ada@example.org' }] }),
      responses: { 202: { description: 'Whatever the body names', schema: VerificationSentSchema } },
      problems: ['RATE_LIMITED'],
      handle: async ({ body }) => {
        await useCases.resendVerification.execute(body);
        return { status: 202, body: { status: 'verification-sent' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/login`,
      operationId: 'logIn',
      summary: 'Log in',
      description:
        'Also sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie scoped to /api/v1/auth. `username` may be the account email.',
      tags,
      auth: false,
      body: z
        .strictObject({ username: AccountName, password: PasswordAttempt })
        .meta({ examples: [{ username: 'ada', password: 'correct horse battery staple' }] }),
      responses: { 200: tokens },
      problems: ['INVALID_CREDENTIALS', 'EMAIL_NOT_VERIFIED', 'ACCOUNT_SUSPENDED', 'RATE_LIMITED'],
      handle: async ({ ctx, body }) => {
        const issued = await useCases.logIn.execute({ ...body, ip: ctx.ip });
        return tokenReply(ctx, issued);
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/refresh`,
      operationId: 'refreshSession',
      summary: 'Trade a refresh token (body or cookie) for a new pair',
      description:
        'The old token is spent. Shown again within 10 s (parallel tabs) it only fails; later, the whole session is revoked.',
      tags,
      auth: false,
      body: RefreshBody,
      responses: { 200: tokens },
      problems: ['REFRESH_TOKEN_INVALID', 'ACCOUNT_SUSPENDED'],
      handle: async ({ ctx, body }) => {
        const refreshToken = body?.refreshToken ?? ctx.cookies.get(REFRESH_COOKIE);
        if (!refreshToken) throw errors.refreshTokenInvalid();
        return tokenReply(ctx, await useCases.refreshSession.execute({ refreshToken }));
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/logout`,
      operationId: 'logOut',
      summary: 'End the session named by the access token, or by a refresh token (body or cookie)',
      description:
        "The session's tokens answer 401 from then on, on every node, and its open sockets close with 4401. The refresh cookie is cleared.",
      tags,
      auth: false,
      body: RefreshBody,
      responses: {
        204: { description: "The session's tokens answer 401 from now on", headers: ['Set-Cookie'] },
      },
      problems: ['UNAUTHENTICATED'],
      handle: async ({ ctx, body }) => {
        const accessToken = bearerToken(ctx);
        let sessionId: string;
        if (accessToken) {
          const claims = await useCases.authenticate.execute({ accessToken });
          sessionId = await useCases.logOut.execute({ sessionId: claims.sessionId });
        } else {
          const refreshToken = body?.refreshToken ?? ctx.cookies.get(REFRESH_COOKIE);
          if (!refreshToken) throw errors.unauthenticated();
          sessionId = await useCases.logOut.execute({ refreshToken }).catch(() => {
            throw errors.unauthenticated();
          });
        }
        onSessionRevoked?.(sessionId);
        setRefreshCookie(ctx, null);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/password-reset`,
      operationId: 'requestPasswordReset',
      summary: 'Mail a password reset link',
      description:
        'Answers 202 whether or not the address belongs to a member; if it does, a single-use link valid 1 h is mailed. 3 mails per address per hour.',
      tags,
      auth: false,
      body: z.strictObject({ email: AccountName }).meta({ examples: [{ email: 'ada@example.org' }] }),
      responses: {
        202: {
          description: 'Whether or not the address exists',
          schema: z.object({ status: z.literal('reset-sent') }),
        },
      },
      problems: ['RATE_LIMITED'],
      handle: async ({ body }) => {
        await useCases.requestPasswordReset.execute(body);
        return { status: 202, body: { status: 'reset-sent' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/password-reset/confirm`,
      operationId: 'confirmPasswordReset',
      summary: 'Set a new password with the token from the mail',
      description: 'Revokes every session of the user. A refused password does not spend the token.',
      tags,
      auth: false,
      body: z.strictObject({ token: Token, password: NewPassword }).meta({
        examples: [
          { token: 'o7Yc1Zb0qO2cH3Jm4x9sQk5Vt8aR6nLw0eP2iD1fG3h', password: 'a brand new passphrase' },
        ],
      }),
      ruleCodes: ['WEAK_PASSWORD'],
      responses: { 204: { description: 'Password changed; every session ended' } },
      problems: ['TOKEN_INVALID'],
      handle: async ({ body }) => {
        await useCases.resetPassword.execute(body);
        return { status: 204 };
      },
    }),
  ];
}
