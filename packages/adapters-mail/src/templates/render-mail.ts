import type { Mail } from '@kindred/domain';
import { layout, type RenderedMail } from './layout.js';

const IGNORE = 'If you did not ask for this, you can ignore this mail.';

/** Builds links on the frontend's address: `${appUrl}/verify-email?token=…` and its siblings. */
export function renderMail(mail: Mail, appUrl: string): RenderedMail {
  const link = (path: string, token: string) =>
    `${appUrl.replace(/\/+$/, '')}/${path}?token=${encodeURIComponent(token)}`;
  switch (mail.kind) {
    case 'verify-email':
      return layout({
        to: mail.to,
        subject: 'Confirm your email address',
        greeting: `Hi ${mail.firstName},`,
        paragraphs: [
          'Welcome to Kindred! Confirm your address to finish signing up. The link works once, for 24 hours.',
        ],
        action: { label: 'Confirm my address', url: link('verify-email', mail.token) },
        footer: IGNORE,
      });
    case 'already-registered':
      return layout({
        to: mail.to,
        subject: 'You already have a Kindred account',
        greeting: `Hi ${mail.firstName},`,
        paragraphs: [
          'Someone, maybe you, tried to sign up to Kindred with this address, which already has an account. No new account was made.',
          mail.verifyToken
            ? 'Your account is not confirmed yet: use the link below to confirm it (it works once, for 24 hours).'
            : 'If you forgot your password, you can reset it from the login page.',
        ],
        ...(mail.verifyToken && {
          action: { label: 'Confirm my address', url: link('verify-email', mail.verifyToken) },
        }),
        footer: IGNORE,
      });
    case 'password-reset':
      return layout({
        to: mail.to,
        subject: 'Reset your password',
        greeting: `Hi ${mail.firstName},`,
        paragraphs: [
          'Use the link below to choose a new password. It works once, for 1 hour, and signs you out everywhere.',
        ],
        action: { label: 'Choose a new password', url: link('reset-password', mail.token) },
        footer: IGNORE,
      });
    case 'confirm-email-change':
      return layout({
        to: mail.to,
        subject: 'Confirm your new email address',
        greeting: `Hi ${mail.firstName},`,
        paragraphs: [
          'Confirm this address to use it for your Kindred account. Until then your old address stays in use. The link works once, for 24 hours.',
        ],
        action: { label: 'Confirm this address', url: link('confirm-email', mail.token) },
        footer: IGNORE,
      });
    case 'email-change-address-taken':
      return layout({
        to: mail.to,
        subject: 'Someone tried to use this address on Kindred',
        greeting: 'Hello,',
        paragraphs: [
          'A Kindred member asked to move their account to this address, but it already belongs to an account. Nothing was changed.',
        ],
        footer: 'If you have a Kindred account, you do not need to do anything.',
      });
    case 'account-suspended':
      return layout({
        to: mail.to,
        subject: mail.until === null ? 'Your Kindred account is closed' : 'Your Kindred account is suspended',
        greeting: `Hi ${mail.firstName},`,
        paragraphs: [
          mail.until === null
            ? 'A moderator has banned your account: you can no longer log in, and others no longer see you.'
            : `A moderator has suspended your account until ${new Date(mail.until).toUTCString()}: until then you cannot log in, and others do not see you. It opens again by itself at that time.`,
          `The reason given: ${mail.reason}`,
        ],
        footer: 'If you think this is a mistake, answer this mail.',
      });
  }
}
