// What other parts of the Hub may use of the mail module. Everything else in this folder is its own.
export { queueMail, type OutgoingMail } from './mail.service.ts';
// Every emailed link is built by linkFor, from PUBLIC_URL only.
export { linkFor, linkMessage, NO_MAIL, NO_PUBLIC_URL, type LinkDelivery } from './links.ts';
// The outbox page, and the sender the app runs while open (both wired in src/app.ts).
export { mailRoutes, sendOutboxWhileOpen } from './mail.routes.ts';
