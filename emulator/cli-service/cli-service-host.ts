// What the greengrass-cli operations need from the core: its deployment queue, its components
// and their configuration. Handlers reach the core only through this, so they stay free of I/O.

import type { DeploymentRecord } from '../deployment/deployment-record.ts';
import type { LocalDeploymentRequest } from '../deployment/deployment-request.ts';
import type { ComponentStatus } from '../lifecycle/service-manager.ts';
import type { CoreLogger } from '../logs/core-logger.ts';
import type { JsonObject } from '../util/json.ts';

export interface CliServiceHost {
  /** `<root>/packages/artifacts`: an --artifactDir containing it would copy into itself. */
  readonly artifactStore: string;
  readonly deployments: {
    create(request: LocalDeploymentRequest): DeploymentRecord;
    get(id: string): DeploymentRecord | undefined;
    /** Most recent first. */
    list(): readonly DeploymentRecord[];
  };
  readonly components: {
    list(): readonly ComponentStatus[];
    status(name: string): ComponentStatus | undefined;
    isBuiltin(name: string): boolean;
    /** false when the component is BROKEN (a restart does not leave BROKEN). */
    restart(name: string): boolean;
    stop(name: string): Promise<void>;
  };
  configuration(name: string): JsonObject | undefined;
  readonly logger: CoreLogger;
  /** True once the core is shutting down: no new deployments. */
  isClosing(): boolean;
}

/** Logger of the CLI service's own lines in greengrass.log. */
export const CLI_SERVICE_LOGGER = 'com.aws.greengrass.cli.CLIEventStreamAgent';
