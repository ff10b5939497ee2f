// Brings up n8n in queue mode for a profile: Redis, a private PostgreSQL, the main process, a webhook process and workers, the sandbox; and takes it all down.
import { join } from 'node:path';
import type { Sandbox } from '../../sandbox';
import { loadExamples } from './examples';
import { lockFolder } from './folder-lock';
import type { N8nInstallation } from './install';
import { profilePaths, type Profile, type ProfilePaths } from './paths';
import { freePort, LOOPBACK } from './ports';
import { MAIN_ROLE, startN8nRole, type N8nRole, type RunningN8n } from './process';
import { LOCAL_OWNER, provisionInstance, type ProvisionResult } from './provision';
import { startN8nDatabase, startRedis, type N8nDatabase, type Service } from './queue-services';
import { sandboxCredentials } from './sandbox-credentials';
import { preparePackage, startSandboxOn, stepTimer, wipeData } from './stack';

export interface QueueStackOptions {
	profile: Extract<Profile, 'demo-queue' | 'e2e-queue' | 'bench-queue'>;
	/** Starts from empty n8n data and an empty database (the installed package is kept). */
	freshData?: boolean;
	/** Number of `n8n worker` processes. Default 2. */
	workers?: number;
	/** Jobs one worker runs at once. Default 5 (n8n's advice); the e2e suite uses 1 so two jobs land on two workers. */
	workerConcurrency?: number;
	lockWaitMs?: number;
	/** Extra settings for every n8n process (e.g. Bull's lock timings). */
	env?: NodeJS.ProcessEnv;
	log?: (line: string) => void;
}

export interface QueueStack {
	paths: ProfilePaths;
	install: N8nInstallation;
	sandbox: Sandbox;
	redis: Service;
	database: N8nDatabase;
	main: RunningN8n;
	/** The `n8n webhook` process: production webhooks, resume URLs and task pages. */
	webhook: RunningN8n;
	/** The running workers; `startWorker(i)` replaces entry i. */
	workers: RunningN8n[];
	provision: ProvisionResult;
	timings: Record<string, number>;
	startWorker(index: number): Promise<RunningN8n>;
	stop(): Promise<void>;
}

/** Settings every process of the queue-mode n8n shares. */
function queueEnvironment(
	redis: Service,
	database: N8nDatabase,
	webhookUrl: string,
): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: LOOPBACK,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.host,
		DB_POSTGRESDB_PORT: String(database.port),
		DB_POSTGRESDB_DATABASE: database.database,
		DB_POSTGRESDB_USER: database.user,
		DB_POSTGRESDB_PASSWORD: database.password,
		// Resume URLs, task pages and production webhooks point at the webhook process.
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
		// Executions started from the editor run on workers too, like production ones.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

function workerRole(index: number, healthPort: number, concurrency: number): N8nRole {
	return {
		name: `worker-${index + 1}`,
		args: ['worker', `--concurrency=${concurrency}`],
		env: {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: LOOPBACK,
			// "Worker started execution <id>" is logged at info: which worker ran what.
			N8N_LOG_LEVEL: 'info',
		},
		readyUrls: () => [`http://${LOOPBACK}:${healthPort}/healthz/readiness`],
	};
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const log = options.log ?? ((line: string): void => console.log(line));
	const paths = profilePaths(options.profile);
	const timings: Record<string, number> = {};
	const step = stepTimer(timings);
	const lock = await lockFolder(paths.userFolder, `another ${paths.profile} run`, {
		waitMs: options.lockWaitMs ?? 0,
		log,
	});
	const started: Array<{ stop(): Promise<void> }> = [];
	const services: Array<{ stop(): Promise<void> }> = [];
	const stopAll = async (): Promise<void> => {
		// n8n first (graceful: running executions finish), then what it needs.
		await Promise.all(started.map(async (process) => await process.stop()));
		await Promise.all(services.map(async (service) => await service.stop()));
	};
	try {
		const { install } = await preparePackage(paths, step, log);
		if (options.freshData) wipeData(paths);
		log('Starting Redis, PostgreSQL and the sandbox...');
		const [sandbox, redis, database] = await step('services', async () => {
			const track = async <T extends { stop(): Promise<void> }>(start: Promise<T>): Promise<T> => {
				const service = await start;
				services.push(service);
				return service;
			};
			const starting = [
				track(startSandboxOn({})),
				track(startRedis(install.nodeBinary, paths.userFolder)),
				track(
					startN8nDatabase(install.nodeBinary, paths.userFolder, {
						password: `n8n-${paths.profile}-local`,
						fresh: options.freshData,
					}),
				),
			] as const;
			// Every start settles before a failure is reported, so stopAll() sees all that started.
			const failed = (await Promise.allSettled(starting)).find((o) => o.status === 'rejected');
			if (failed) throw failed.reason;
			return await Promise.all(starting);
		});

		const taken: number[] = [];
		const port = async (): Promise<number> => {
			const picked = await freePort(undefined, taken);
			taken.push(picked);
			return picked;
		};
		const webhookPort = await port();
		const webhookUrl = `http://${LOOPBACK}:${webhookPort}`;
		const shared = { ...queueEnvironment(redis, database, webhookUrl), ...options.env };
		const starts = new Map<string, number>();
		const launch = async (role: N8nRole, httpPort?: number): Promise<RunningN8n> => {
			const ports = { port: httpPort ?? (await port()), brokerPort: await port() };
			const start = (starts.get(role.name) ?? 0) + 1;
			starts.set(role.name, start);
			const running = await startN8nRole(install, paths, ports, {
				...role,
				env: {
					...shared,
					// One event log per process start: at start-up a queue-mode n8n marks as crashed every
					// execution its event log shows started and not finished, waiting ones included, and
					// these processes share one folder (in production each has its own).
					N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${role.name}-${start}`,
					...role.env,
				},
			});
			started.push(running);
			return running;
		};

		log('Starting n8n main (database migrations)...');
		const main = await step('main', () =>
			launch({ ...MAIN_ROLE, env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
		);
		const concurrency = options.workerConcurrency ?? 5;
		const workerCount = options.workers ?? 2;
		log(`Starting the webhook process and ${workerCount} workers...`);
		const healthPorts = await Promise.all(Array.from({ length: workerCount }, port));
		const startWorker = async (index: number): Promise<RunningN8n> =>
			await launch(workerRole(index, healthPorts[index], concurrency));
		const [webhook, ...workers] = await step('webhookAndWorkers', async () => {
			return await Promise.all([
				launch(
					{
						name: 'webhook',
						args: ['webhook'],
						readyUrls: (url) => [`${url}/healthz/readiness`],
					},
					webhookPort,
				),
				...healthPorts.map(async (_port, index) => await startWorker(index)),
			]);
		});
		const provision = await step('provision', () =>
			provisionInstance(main, {
				owner: LOCAL_OWNER,
				credentials: sandboxCredentials(sandbox),
				examples: loadExamples(),
				webhookBaseUrl: webhookUrl,
			}),
		);
		let stopping: Promise<void> | undefined;
		const stack: QueueStack = {
			paths,
			install,
			sandbox,
			redis,
			database,
			main,
			webhook,
			workers,
			provision,
			timings,
			startWorker: async (index) => {
				const worker = await startWorker(index);
				stack.workers[index] = worker;
				return worker;
			},
			stop: () => (stopping ??= stopAll().finally(() => lock.release())),
		};
		return stack;
	} catch (error) {
		await stopAll();
		lock.release();
		throw error;
	}
}

/** The log file of a process of the stack. */
export function logOf(n8n: RunningN8n): string {
	return n8n.logFile ?? join(n8n.paths.userFolder, 'n8n.log');
}
