// The message contract between the classifier and whoever asks it: requests, replies and error
// codes, as zod schemas with the types inferred from them. The classifier, the requester, the
// tests and the bench all import it from here.
export * from './error-codes.ts';
export * from './limits.ts';
export * from './reply.ts';
export * from './request.ts';
