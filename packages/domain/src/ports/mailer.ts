/**
 * What the domain asks to be mailed. Wording, templates and links are the
 * mail adapter's: the domain only says which mail, to whom, with what token.
 */
export type Mail =
  | { readonly kind: 'verify-email'; readonly to: string; readonly firstName: string; readonly token: string }
  | {
      readonly kind: 'already-registered';
      readonly to: string;
      readonly firstName: string;
      readonly verifyToken: string | null;
    }
  | {
      readonly kind: 'password-reset';
      readonly to: string;
      readonly firstName: string;
      readonly token: string;
    }
  | {
      readonly kind: 'confirm-email-change';
      readonly to: string;
      readonly firstName: string;
      readonly token: string;
    }
  | { readonly kind: 'email-change-address-taken'; readonly to: string }
  /** A moderator suspended (until an instant) or banned (`until` null) the account. */
  | {
      readonly kind: 'account-suspended';
      readonly to: string;
      readonly firstName: string;
      /** ISO 8601 (mail requests are kept as JSON); null for a ban. */
      readonly until: string | null;
      readonly reason: string;
    };

export interface Mailer {
  send(mail: Mail): Promise<void>;
}
