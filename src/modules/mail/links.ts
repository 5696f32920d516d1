/** What the Hub can do with a link for someone. */
export type LinkDelivery =
  /** Emailed through the outbox. */
  | { by: 'email'; url: string }
  /** No SMTP_URL: shown on screen to the administrator, who passes it on. */
  | { by: 'screen'; url: string }
  /** No PUBLIC_URL: no link can be made safely; `reason` says why, for the page that would have sent it. */
  | { by: 'none'; reason: string };

export const NO_PUBLIC_URL =
  'The Hub cannot send links: its public address (PUBLIC_URL) is not set, so it cannot build a link people can trust. Ask whoever runs the Hub to set it.';

export const NO_MAIL =
  'The Hub does not send email: no mail server (SMTP_URL) is set. Ask an administrator of the partnership to reset your password.';

/**
 * Every link the Hub sends anyone is built here, from PUBLIC_URL and never from the request's
 * Host header: a forged Host would otherwise put an attacker's address in a password link.
 */
export function linkFor(config: { publicUrl?: string; smtpUrl?: string }, path: `/${string}`): LinkDelivery {
  if (!config.publicUrl) return { by: 'none', reason: NO_PUBLIC_URL };
  const url = `${config.publicUrl}${path}`;
  return config.smtpUrl ? { by: 'email', url } : { by: 'screen', url };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A short message around one link: plain text, and the same as simple HTML. */
export function linkMessage(paragraphs: string[], link: { text: string; url: string }, after: string[] = []) {
  const text = [...paragraphs, `${link.text}:\n${link.url}`, ...after].join('\n\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.text)}</a></p>`,
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join('\n');
  return { text, html };
}
