// zod building blocks for component configuration. Greengrass hands numbers back as floats
// and AWS advises storing numeric settings as strings (docs/greengrass-behaviour.md#configuration-values), so every
// numeric setting accepts a number or a decimal string.
import { z } from 'zod';

export function integerSetting(min: number, max: number) {
  return z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.0+)?$/, 'expected an integer')
        .transform(Number),
    ])
    .pipe(z.number().int().min(min).max(max));
}

export function numberSetting(min: number, max: number) {
  return z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
        .transform(Number),
    ])
    .pipe(z.number().min(min).max(max));
}

/** A concrete pub/sub topic (no MQTT wildcards: it is published to or subscribed exactly). */
export const topicSetting = z
  .string()
  .min(1)
  .max(256)
  .refine((topic) => !/[+#*]/.test(topic), 'a topic must not contain +, # or *');
