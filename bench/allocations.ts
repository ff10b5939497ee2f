// What a run allocates, by the code that allocated it: V8's sampling heap profiler keeping every
// sampled object, also those young-generation collections freed. In a busy n8n process each
// young collection moves what is alive at that moment to the old generation, so the bytes a run
// allocates per message set how often that happens and how far the heap grows before a full
// collection. Used by bench/engine-profile.ts (PROFILE_ALLOCATIONS=1, in process) and by the
// bench's memory runs (BENCH_ALLOCATIONS=1, through the n8n process's inspector).
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export interface SamplingNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: SamplingNode[];
}

type Post = (method: string, params?: object) => Promise<unknown>;

export interface AllocationSampler {
	/** Stops sampling after a full GC, writes the profile to `file` and prints the top allocation sites. */
	stop(messages: number, file: string): Promise<string>;
	/** A heap snapshot of the sampled process (after a full GC, as every snapshot). */
	snapshot?(file: string): Promise<void>;
}

/** ALLOCATIONS_SURVIVORS=1: leave out what young-generation collections freed (what V8 promoted). */
const SAMPLING = {
	samplingInterval: 4096,
	includeObjectsCollectedByMajorGC: true,
	includeObjectsCollectedByMinorGC: process.env.ALLOCATIONS_SURVIVORS !== '1',
};

async function start(post: Post, close: () => void): Promise<AllocationSampler> {
	await post('HeapProfiler.enable');
	await post('HeapProfiler.startSampling', SAMPLING);
	return {
		async stop(messages, file) {
			await post('HeapProfiler.collectGarbage');
			const { profile } = (await post('HeapProfiler.stopSampling')) as {
				profile: { head: SamplingNode };
			};
			close();
			writeFileSync(file, JSON.stringify(profile));
			return `${summarizeAllocations(profile.head, messages)}\nprofile: ${file}`;
		},
	};
}

/** Samples this process. */
export async function sampleAllocationsHere(): Promise<AllocationSampler> {
	const session = new Session();
	session.connect();
	const post: Post = async (method, params = {}) =>
		await new Promise((resolvePromise, reject) =>
			session.post(method, params, (error, result) =>
				error ? reject(error) : resolvePromise(result),
			),
		);
	return await start(post, () => session.disconnect());
}

/** Samples the process started with `--inspect=127.0.0.1:0` that wrote its debugger URL to `logFile`. */
export async function sampleAllocationsIn(logFile: string): Promise<AllocationSampler> {
	const url = /Debugger listening on (ws:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1];
	if (!url) throw new Error(`No inspector URL in ${logFile}: start n8n with --inspect=127.0.0.1:0`);
	const socket = new WebSocket(url);
	await new Promise((resolvePromise, reject) => {
		socket.addEventListener('open', resolvePromise, { once: true });
		socket.addEventListener('error', reject, { once: true });
	});
	let nextId = 1;
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	const chunks: string[] = [];
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(String(event.data)) as {
			id?: number;
			method?: string;
			params?: { chunk?: string };
			result?: unknown;
			error?: { message: string };
		};
		if (message.method === 'HeapProfiler.addHeapSnapshotChunk')
			chunks.push(message.params?.chunk ?? '');
		const entry = message.id === undefined ? undefined : waiting.get(message.id);
		if (!entry) return;
		waiting.delete(message.id as number);
		if (message.error) entry.reject(new Error(message.error.message));
		else entry.resolve(message.result);
	});
	const post: Post = async (method, params = {}) =>
		await new Promise((resolve, reject) => {
			const id = nextId++;
			waiting.set(id, { resolve, reject });
			socket.send(JSON.stringify({ id, method, params }));
		});
	const sampler = await start(post, () => socket.close());
	return {
		...sampler,
		async snapshot(file) {
			chunks.length = 0;
			await post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
			writeFileSync(file, chunks.join(''));
			chunks.length = 0;
		},
	};
}

/** Where a frame's code comes from: a package, this repository's nodes, or n8n/Node internals. */
function originOf(url: string): string | undefined {
	const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
	const last = packages.at(-1)?.[1];
	const own = /\/(nodes\/.+?)(?:\.[jt]s)?$/.exec(url)?.[1];
	if (last === 'n8n-nodes-communication-actions' || (!last && own)) return `ours ${own ?? url}`;
	if (last) return last;
	if (url.includes('/sandbox/')) return 'sandbox';
	return url.startsWith('node:') || !url ? undefined : url;
}

/** Sampled bytes per message by the innermost frame of this package (else the innermost package). */
export function summarizeAllocations(head: SamplingNode, messages: number): string {
	const bySite = new Map<string, number>();
	const walk = (node: SamplingNode, stack: string[]): void => {
		const origin = originOf(node.callFrame.url);
		const here = origin
			? [...stack, origin.startsWith('ours') ? `${origin} ${node.callFrame.functionName}` : origin]
			: stack;
		if (node.selfSize > 0) {
			const own = [...here].reverse().find((site) => site.startsWith('ours'));
			const site = here.includes('sandbox')
				? 'sandbox (in this process)'
				: (own ?? `${here.at(-1) ?? `node:${node.callFrame.functionName}`} (no frame of ours)`);
			bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
		}
		for (const child of node.children) walk(child, here);
	};
	walk(head, []);
	const total = [...bySite.values()].reduce((a, b) => a + b, 0);
	const lines = [
		`allocated by the run (sampled): ${(total / 1024 ** 2).toFixed(1)} MB, ${(total / messages / 1024).toFixed(1)} KB per message`,
		...[...bySite]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 30)
			.map(([site, bytes]) => `${(bytes / messages).toFixed(0).padStart(8)} B/msg  ${site}`),
	];
	return lines.join('\n');
}
