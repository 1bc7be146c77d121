// `npm run docs:errors`: writes docs/error-codes.md from the error catalogues
// (scripts/docs/error-catalogues.ts); test/docs/error-codes.test.ts fails when the file is stale.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type CatalogueArea, ERROR_CATALOGUES } from './error-catalogues.ts';

export const ERROR_CODES_DOC = fileURLToPath(new URL('../../docs/error-codes.md', import.meta.url));

const cell = (text: string): string => text.replaceAll('|', '\\|');

function renderArea(area: CatalogueArea): string {
  const rows = Object.entries(area.catalogue).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`);
  return [
    `## ${area.title}`,
    '',
    `Seen as ${area.where}. Defined in \`${area.source}\`.`,
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...rows,
  ].join('\n');
}

export function renderErrorCodes(areas: readonly CatalogueArea[] = ERROR_CATALOGUES): string {
  return `${[
    '# Error codes',
    '',
    'Every error the project raises on purpose carries a stable code (`common/coded-error.ts`): logs,',
    'replies and tests name the code, never the message. This file is generated from the catalogues',
    '(`npm run docs:errors`); a test fails when it is out of date.',
    '',
    ...areas.flatMap((area) => [renderArea(area), '']),
  ]
    .join('\n')
    .trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(ERROR_CODES_DOC, renderErrorCodes());
  console.log(`wrote ${ERROR_CODES_DOC}`);
}
