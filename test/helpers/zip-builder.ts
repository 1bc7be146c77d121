// Builds zips for tests with yazl. yazl refuses unsafe names (as it should), so an unsafe
// entry is written under a same-length placeholder and the name bytes are patched afterwards.

import yazl from 'yazl';

export interface ZipEntrySpec {
  readonly name: string;
  readonly data?: string;
  /** Unix mode incl. type bits, e.g. 0o120777 for a symbolic link (data is then the target). */
  readonly mode?: number;
}

export async function makeZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches: [Buffer, Buffer][] = [];
  entries.forEach((entry, index) => {
    const folder = entry.name.endsWith('/');
    const nameBytes = Buffer.from(folder ? entry.name.slice(0, -1) : entry.name); // yazl appends the folder's '/'
    const placeholder = Buffer.alloc(nameBytes.length, 0x41 + index); // AAAA, BBBB, ...
    patches.push([placeholder, nameBytes]);
    const mode = entry.mode === undefined ? {} : { mode: entry.mode };
    if (folder) zip.addEmptyDirectory(placeholder.toString(), mode);
    else zip.addBuffer(Buffer.from(entry.data ?? ''), placeholder.toString(), { compress: false, ...mode });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  for (const [placeholder, name] of patches) {
    for (let at = bytes.indexOf(placeholder); at !== -1; at = bytes.indexOf(placeholder, at + 1))
      name.copy(bytes, at);
  }
  return bytes;
}
