// Help text of the command line (`npm run emulator -- [verb] --help`).

import type { Verb } from './command-line.ts';

const COMMON = `  --root DIR   the core's folder (default: $GG_ROOT, else ./greengrass/v2)
  --debug      print stack traces of failures
  -h, --help   this help`;

const VERBS: Readonly<Record<Exclude<Verb, 'help'>, string>> = {
  start: `start [--root DIR] [--nucleus classic|lite] [--platform-override KEY=VALUE]...
      Runs the local core in the foreground until Ctrl+C (SIGINT) or SIGTERM, which stop every
      component. Socket <root>/ipc.socket, logs <root>/logs/.
      --nucleus lite: behave as AWS IoT Greengrass nucleus lite (case-sensitive recipe keys,
        no unarchive on local deployments, 10,000-byte IPC messages, ...; docs/nucleus-flavours.md)
      --platform-override architecture=aarch64: select manifests for other platform labels, as the
        nucleus's platformOverride (components then need binfmt_misc/qemu to run)
      AWS IoT Core (PublishToIoTCore, SubscribeToIoTCore): an MQTT broker embedded in the core on a
        localhost port printed at start; --iot-core-port N fixes the port; --iot-core-url
        mqtt[s]://HOST:PORT uses another broker instead, with --iot-core-ca/--iot-core-cert/
        --iot-core-key PEM files for mutual TLS as AWS IoT Core requires`,
  'deployment create': `deployment create [-r|--recipeDir DIR] [-a|--artifactDir DIR] [-m|--merge NAME=VERSION]...
                  [--remove NAME[,NAME...]] [-c|--update-config JSON_OR_FILE]
      Submits a local deployment; artifacts must be laid out as <artifactDir>/<name>/<version>/.
      --update-config: {"NAME": {"MERGE": {...}, "RESET": ["/json/pointer"]}}`,
  'deployment status': `deployment status -i|--deploymentId ID
      Status of one local deployment, with the failure cause when it failed.`,
  'deployment list': `deployment list
      Recent local deployments and their status.`,
  'component list': `component list
      Every component: name, version, state, configuration.`,
  'component details': `component details -n|--name NAME
      One component: version, state, configuration.`,
  'component restart': `component restart -n|--names NAME[,NAME...]
      Restarts components (a BROKEN component needs a new deployment instead).`,
  'component stop': `component stop -n|--names NAME[,NAME...]
      Stops components: Shutdown step, then SIGTERM, then SIGKILL after the grace period.`,
  'pubsub pub': `pubsub pub -t|--topic TOPIC -m|--message TEXT_OR_FILE
      Publishes a binary message: the UTF-8 text, or the bytes of the file it names.`,
  'pubsub sub': `pubsub sub -t|--topic TOPIC
      Prints each message on TOPIC (JSON messages as JSON, binary ones as text) until Ctrl+C.`,
  'iotcore pub': `iotcore pub -t|--topic TOPIC -m|--message TEXT_OR_FILE [-q|--qos 0|1]
      Publishes to AWS IoT Core (the core's MQTT broker), as greengrass-cli iotcore pub.`,
  'iotcore sub': `iotcore sub -t|--topic TOPIC_FILTER [-q|--qos 0|1]
      Prints each AWS IoT Core message matching the filter (MQTT wildcards + and #) until Ctrl+C:
      what reached "the cloud".`,
};

export function usageOf(verb: Verb | undefined): string {
  const verbs = verb === undefined || verb === 'help' ? Object.values(VERBS) : [VERBS[verb]];
  return `Usage: npm run emulator -- <command> [options]\n\n${verbs.map((text) => `  ${text}`).join('\n\n')}\n\nOptions of every command:\n${COMMON}`;
}
