// Every error catalogue of the project, by area, in the order docs/error-codes.md lists them.
import type { ErrorCatalogue } from '../../common/coded-error.ts';
import { MODEL_LOAD_ERROR_CODES } from '../../components/classifier/model/model-load-error.ts';
import { REPLY_ERROR_CODES } from '../../components/contract/index.ts';
import { LIVE_VIEW_ERROR_CODES } from '../../components/liveview/live-view-error.ts';
import { RUNTIME_ERROR_CODES } from '../../components/runtime/errors.ts';
import { CLI_ERROR_CODES } from '../../emulator/cli/cli-error.ts';
import { CORE_ERROR_CODES } from '../../emulator/errors/core-error.ts';
import {
  FRAME_ERROR_CODES,
  IPC_CLOSE_CODES,
  IPC_CONNECT_REFUSALS,
} from '../../emulator/ipc/connection-codes.ts';
import { IPC_ERROR_SHAPES, IPC_SERVER_ERROR_CODES } from '../../emulator/ipc/errors.ts';
import { ASSET_ERROR_CODES } from '../assets/fetch-asset.ts';
import { BUILD_ERROR_CODES } from '../build/errors.ts';
import { PUBLISH_ERROR_CODES } from '../publish/plan.ts';

export interface CatalogueArea {
  readonly title: string;
  /** Where the codes appear, for the reader. */
  readonly where: string;
  readonly source: string;
  readonly catalogue: ErrorCatalogue<string>;
}

export const ERROR_CATALOGUES: readonly CatalogueArea[] = [
  {
    title: 'Classifier replies',
    where: '`error.code` of an error reply on ResultTopic',
    source: 'components/contract/error-codes.ts',
    catalogue: REPLY_ERROR_CODES,
  },
  {
    title: 'Model loading',
    where:
      "the `code` of the classifier's `failed` line when its model cannot load, and of a refused configuration update",
    source: 'components/classifier/model/model-load-error.ts',
    catalogue: MODEL_LOAD_ERROR_CODES,
  },
  {
    title: 'Live view',
    where: "the `code` of com.custom.LiveView's `failed` line",
    source: 'components/liveview/live-view-error.ts',
    catalogue: LIVE_VIEW_ERROR_CODES,
  },
  {
    title: 'Component runtime',
    where: 'the `code` field of component log lines (every component)',
    source: 'components/runtime/errors.ts',
    catalogue: RUNTIME_ERROR_CODES,
  },
  {
    title: 'Local core: recipes, deployments, lifecycle',
    where: '`CoreError.code`, and the failure code of a local deployment',
    source: 'emulator/errors/core-error.ts',
    catalogue: CORE_ERROR_CODES,
  },
  {
    title: 'Local core: IPC server',
    where: '`IpcServerError.code` when the IPC server cannot start or is misused',
    source: 'emulator/ipc/errors.ts',
    catalogue: IPC_SERVER_ERROR_CODES,
  },
  {
    title: 'Local core: IPC error shapes',
    where: '`_errorCode` of a modeled IPC error, as the SDK client sees it',
    source: 'emulator/ipc/errors.ts',
    catalogue: IPC_ERROR_SHAPES,
  },
  {
    title: 'Local core: IPC connections closed',
    where: 'the reason of an `ipc-client-disconnected` line in greengrass.log',
    source: 'emulator/ipc/connection-codes.ts',
    catalogue: IPC_CLOSE_CODES,
  },
  {
    title: 'Local core: IPC connections refused',
    where: 'the reason of an `ipc-connect-rejected` line in greengrass.log',
    source: 'emulator/ipc/connection-codes.ts',
    catalogue: IPC_CONNECT_REFUSALS,
  },
  {
    title: 'Local core: IPC frames rejected',
    where: 'the check a frame failed, in the detail of a `FRAME_ERROR` close',
    source: 'emulator/ipc/connection-codes.ts',
    catalogue: FRAME_ERROR_CODES,
  },
  {
    title: 'Local core: command line',
    where: '`npm run emulator` prints `error [CODE]: message`',
    source: 'emulator/cli/cli-error.ts',
    catalogue: CLI_ERROR_CODES,
  },
  {
    title: 'Build',
    where: '`npm run build` prints `build failed [CODE]: message`',
    source: 'scripts/build/errors.ts',
    catalogue: BUILD_ERROR_CODES,
  },
  {
    title: 'Assets',
    where: '`npm run assets` (the build reports it as `ASSETS_UNAVAILABLE`)',
    source: 'scripts/assets/fetch-asset.ts',
    catalogue: ASSET_ERROR_CODES,
  },
  {
    title: 'Publishing',
    where: '`npm run publish`',
    source: 'scripts/publish/plan.ts',
    catalogue: PUBLISH_ERROR_CODES,
  },
];
