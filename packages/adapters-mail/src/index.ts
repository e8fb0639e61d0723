export * from './nodemailer-mailer.js';
export * from './outbox-mailer.js';
export { renderMail } from './templates/render-mail.js';
export type { RenderedMail } from './templates/layout.js';
