// The mjl image in containers, for the end-to-end tests: finding a Docker engine, building the image,
// and the parts of a stack on one Docker network.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  GenericContainer,
  getContainerRuntimeClient,
  ImageName,
  Wait,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';

// Ryuk, testcontainers' reaper, is an image of its own that cannot be pulled without a registry;
// the tests stop what they start themselves.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

/** The image under test: the Dockerfile at the root of the repository. */
export const MJL_IMAGE = process.env.MJL_IMAGE ?? 'mjl:local';
/** The base image made by docker/make-local-images.sh from this machine's own Node.js. */
const LOCAL_BASE = 'mjl-node-base:local';
const MQTT_PORT = 1883;

export type Engine = { available: true } | { available: false; reason: string };

/** Whether a Docker engine answers (testcontainers' own discovery: DOCKER_HOST, the socket, …). */
export async function dockerEngine(timeoutMs = 15_000): Promise<Engine> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds MJL_IMAGE from the working tree with `docker build`, FROM $MJL_BASE, else
 * mjl-node-base:local when that exists, else node:20-slim. The docker CLI shares its layer cache
 * with the build in .ci/run (testcontainers' own build does not), so an unchanged tree takes seconds
 * and the tests never run a stale image.
 */
export async function buildImage(): Promise<{ base: string; ms: number }> {
  const started = Date.now();
  const client = await getContainerRuntimeClient();
  const base = process.env.MJL_BASE ?? ((await client.image.exists(ImageName.fromString(LOCAL_BASE))) ? LOCAL_BASE : 'node:20-slim');
  try {
    await execFileAsync('docker', ['build', '-q', '--network', 'host', '--build-arg', `BASE=${base}`, '-t', MJL_IMAGE, root], { maxBuffer: 16 << 20 });
  } catch (error) {
    const { code, stderr = '', stdout = '' } = error as { code?: string; stderr?: string; stdout?: string };
    if (code === 'ENOENT' && (await client.image.exists(ImageName.fromString(MJL_IMAGE)))) {
      console.warn(`no docker CLI to rebuild ${MJL_IMAGE}: testing the image as it is`);
    } else {
      throw new Error(`docker build of ${MJL_IMAGE} FROM ${base} failed:\n${stdout}${stderr}`);
    }
  }
  return { base, ms: Date.now() - started };
}

/** One part of mjl in a container of the stack's network, started with its `mjl-…` entry point. */
function part(network: StartedNetwork, entrypoint: string, args: string[]): GenericContainer {
  return new GenericContainer(MJL_IMAGE)
    .withNetwork(network)
    .withEntrypoint([entrypoint])
    .withCommand(args)
    .withEnvironment({ MJL_LOG_LEVEL: 'warn' })
    .withStartupTimeout(30_000);
}

/** The broker, reachable as mqtt://broker:1883 on the network and on a mapped port from the host. */
export async function startBroker(network: StartedNetwork): Promise<{ container: StartedTestContainer; hostUrl: string; networkUrl: string }> {
  const container = await part(network, 'mjl-broker', ['--host', '0.0.0.0', '--port', String(MQTT_PORT), '--persistence', 'memory'])
    .withNetworkAliases('broker')
    .withExposedPorts(MQTT_PORT)
    .withWaitStrategy(Wait.forLogMessage(/listening on mqtt:\/\//))
    .start();
  return {
    container,
    hostUrl: `mqtt://${container.getHost()}:${container.getMappedPort(MQTT_PORT)}`,
    networkUrl: `mqtt://broker:${MQTT_PORT}`,
  };
}

export async function startGateway(network: StartedNetwork, brokerUrl: string, site: string, gateway: string, args: string[]): Promise<StartedTestContainer> {
  return part(network, 'mjl-gateway', ['--site', site, '--gateway', gateway, '--broker', brokerUrl, ...args])
    .withWaitStrategy(Wait.forLogMessage(/started/))
    .start();
}

export async function startAggregator(network: StartedNetwork, brokerUrl: string, args: string[]): Promise<StartedTestContainer> {
  return part(network, 'mjl-aggregator', ['--broker', brokerUrl, ...args])
    .withWaitStrategy(Wait.forLogMessage(/mjl-aggregator started/))
    .start();
}

/**
 * A container of the image that idles on the network, to run `mjl` in (docker exec): each run
 * gets its own stdout, stderr and exit code, without a container start per command.
 */
export async function startCliHost(network: StartedNetwork, brokerUrl: string): Promise<CliHost> {
  const container = await part(network, 'node', ['-e', 'setInterval(() => {}, 3_600_000)'])
    .withEnvironment({ MJL_BROKER: brokerUrl })
    .start();
  return new CliHost(container);
}

export class CliHost {
  constructor(readonly container: StartedTestContainer) {}

  /** Runs the image's `mjl` with `args`. */
  async mjl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const result = await this.container.exec(['mjl', ...args]);
    return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
}
