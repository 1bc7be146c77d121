import { SingleBar } from 'cli-progress';

/** Follows one download. */
export interface TransferProgress {
  update(receivedBytes: number): void;
  end(): void;
}

export interface ProgressReporter {
  begin(file: string, url: string, totalBytes: number | undefined): TransferProgress;
}

/** A progress bar on a terminal, plain start/end lines otherwise (CI logs, pipes). */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter((line) => stream.write(`${line}\n`));
}

export function lineReporter(writeLine: (line: string) => void): ProgressReporter {
  return {
    begin(file, url, totalBytes) {
      writeLine(
        `assets: downloading ${file} from ${url}${totalBytes === undefined ? '' : ` (${totalBytes} bytes)`}`,
      );
      let received = 0;
      return {
        update: (receivedBytes) => {
          received = receivedBytes;
        },
        end: () => writeLine(`assets: received ${file} (${received} bytes)`),
      };
    },
  };
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  return {
    begin(file, _url, totalBytes) {
      const bar = new SingleBar({
        stream,
        format: `${file} [{bar}] {percentage}% {value}/{total} bytes`,
        hideCursor: true,
        clearOnComplete: false,
      });
      bar.start(totalBytes ?? 0, 0);
      return {
        update: (receivedBytes) => {
          if (totalBytes === undefined) bar.setTotal(receivedBytes);
          bar.update(receivedBytes);
        },
        end: () => bar.stop(),
      };
    },
  };
}
