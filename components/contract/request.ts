// Requests on RequestTopic (default `local/inference`), as a JSON message or a binary message of
// UTF-8 JSON; a binary message that is itself an image is the fourth form, outside JSON.
//   seed form  {"image_dir": "/abs/dir", "fname": "pelican.jpeg"}
//   path form  {"id": "req-1", "image": {"path": "/abs/file.jpg"}, "topK": 5}
//   inline     {"id": "req-2", "image": {"base64": "..."}}
import path from 'node:path';
import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_TOP_K } from './limits.ts';

/** A request id: a string, or a finite number (echoed as its decimal text); absent = made up. */
export const requestIdSchema = z.union(
  [
    z
      .string()
      .min(1, 'id must be a non-empty string')
      .max(MAX_ID_LENGTH, `id is longer than ${MAX_ID_LENGTH} characters`),
    z.number().refine(Number.isFinite, 'id must be a non-empty string'),
  ],
  { error: 'id must be a non-empty string' },
);

export const topKSchema = z
  .number({ error: `topK must be an integer from 1 to ${MAX_TOP_K}` })
  .int(`topK must be an integer from 1 to ${MAX_TOP_K}`)
  .min(1, `topK must be an integer from 1 to ${MAX_TOP_K}`)
  .max(MAX_TOP_K, `topK must be an integer from 1 to ${MAX_TOP_K}`);

const absolutePath = (name: string) =>
  z
    .string({ error: `${name} must be a non-empty string` })
    .min(1, `${name} must be a non-empty string`)
    .refine((value) => !value.includes('\0'), `${name} must not contain NUL characters`)
    .refine((value) => path.posix.isAbsolute(value), {
      error: (issue) => `${name} must be an absolute path, got ${quote(issue.input)}`,
    });

/** A value as JSON, cut so an error message stays short. */
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const fileName = z
  .string({ error: 'fname must be a non-empty string' })
  .min(1, 'fname must be a non-empty string')
  .refine((value) => !value.includes('\0'), 'fname must not contain NUL characters');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const imageSchema = z.union(
  [
    z.strictObject({ path: absolutePath('image.path') }),
    z.strictObject({
      base64: z
        .string()
        .min(1, 'image.base64 must be a non-empty string')
        .regex(BASE64, 'image.base64 is not valid base64'),
    }),
  ],
  { error: 'image needs exactly one of path and base64' },
);

export const requestMessageSchema = z
  .object(
    {
      id: requestIdSchema.nullish(),
      topK: topKSchema.optional(),
      image: imageSchema.optional(),
      image_dir: absolutePath('image_dir').optional(),
      fname: fileName.optional(),
    },
    { error: 'request must be a JSON object' },
  )
  .superRefine((request, context) => {
    const seed = request.image_dir !== undefined || request.fname !== undefined;
    if (request.image !== undefined && seed)
      context.addIssue({ code: 'custom', message: 'give either image or image_dir + fname, not both' });
    else if (request.image === undefined && !seed)
      context.addIssue({
        code: 'custom',
        message: 'request needs image.path, image.base64, or image_dir + fname',
      });
    else if (seed && request.image_dir === undefined)
      context.addIssue({ code: 'custom', message: 'image_dir must be a non-empty string' });
    else if (seed && request.fname === undefined)
      context.addIssue({ code: 'custom', message: 'fname must be a non-empty string' });
  });

export type RequestMessage = z.infer<typeof requestMessageSchema>;

/** Where a valid request's image is: a normalised absolute path (seed and path forms) or base64 text. */
export type RequestedImage =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'base64'; readonly base64: string };

/** The image a request names, as the classifier reads it (the live view shows the same file). */
export function requestedImage(request: RequestMessage): RequestedImage {
  const { image } = request;
  if (image && 'base64' in image) return { kind: 'base64', base64: image.base64 };
  if (image) return { kind: 'path', path: path.posix.normalize(image.path) };
  return { kind: 'path', path: path.posix.join(request.image_dir ?? '/', request.fname ?? '') };
}
