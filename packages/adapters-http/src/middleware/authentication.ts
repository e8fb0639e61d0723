import type { Context } from 'koa';
import type { AccessClaims, Authenticate } from '@kindred/domain';
import { errors } from '@kindred/domain';

export function bearerToken(ctx: Context): string | null {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The caller, from `Authorization: Bearer …`; UNAUTHENTICATED when `required` and absent or bad. */
export async function authenticate(
  ctx: Context,
  authenticateUseCase: Authenticate,
  required: boolean,
): Promise<AccessClaims | null> {
  const token = bearerToken(ctx);
  if (!token) {
    if (required) throw errors.unauthenticated();
    return null;
  }
  try {
    return await authenticateUseCase.execute({ accessToken: token });
  } catch (error) {
    if (!required && (error as { code?: string }).code === 'UNAUTHENTICATED') return null;
    throw error;
  }
}
