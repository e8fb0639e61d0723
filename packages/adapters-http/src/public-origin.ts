/** The origin the client reached (behind a proxy, from X-Forwarded-* when TRUST_PROXY is set): picture URLs point there. */
export function publicOrigin(ctx: { readonly protocol: string; readonly host: string }): string {
  return `${ctx.protocol}://${ctx.host}`;
}
