export interface RenderedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The one link the mail asks the reader to follow, if any (the dev outbox logs it). */
  readonly link: string | null;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

interface Body {
  readonly to: string;
  readonly subject: string;
  readonly greeting: string;
  /** Paragraphs, plain text. */
  readonly paragraphs: readonly string[];
  readonly action?: { readonly label: string; readonly url: string };
  readonly footer: string;
}

/** One look for every mail: the same words as plain text and as simple, inline-styled HTML. */
export function layout(body: Body): RenderedMail {
  const textParts = [body.greeting, ...body.paragraphs];
  if (body.action) textParts.push(`${body.action.label}: ${body.action.url}`);
  textParts.push(body.footer, '— Kindred');
  const action = body.action
    ? `<p><a href="${escapeHtml(body.action.url)}" style="background:#e0245e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(body.action.label)}</a></p>
<p style="font-size:12px;color:#666">Or paste this link into your browser: ${escapeHtml(body.action.url)}</p>`
    : '';
  const html = `<!doctype html>
<html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:560px;margin:auto">
<p>${escapeHtml(body.greeting)}</p>
${body.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${action}
<p style="font-size:12px;color:#666">${escapeHtml(body.footer)}</p>
<p>— Kindred</p>
</body></html>`;
  return {
    to: body.to,
    subject: body.subject,
    text: textParts.join('\n\n'),
    html,
    link: body.action?.url ?? null,
  };
}
