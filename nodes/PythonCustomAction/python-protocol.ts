// The runner's and launcher's protocol: calls in, marked result lines and fd-3 status lines out,
// and how a run that ended early is explained (timeout, cancel, a resource limit, a crash).
import { constants } from 'node:os';

import { RESULT_MARKER } from './python-runner';

export interface PythonCall {
	index: number;
	item: unknown;
	params: unknown;
	communication: unknown;
}

export type ResourceLimit = 'memory' | 'fileSize' | 'cpu';

export interface PythonErrorInfo {
	type: string;
	message: string;
	traceback: string;
	/** Set when the error is the script hitting one of its limits. */
	limit?: ResourceLimit;
}

export type PythonCallResult =
	{ index: number; ok: unknown } | { index: number; error: PythonErrorInfo };

export type ProcessFailure =
	| { kind: 'timeout'; timeoutMs: number }
	| { kind: 'canceled' }
	| { kind: 'limit'; limit: ResourceLimit }
	| { kind: 'outputLimit'; maxOutputBytes: number }
	| { kind: 'fatal'; error: PythonErrorInfo }
	| { kind: 'exited'; code: number | null; signal: string | null }
	| { kind: 'notFound'; interpreter: string; reason: string };

export interface PythonRun {
	results: Map<number, PythonCallResult>;
	/** The end of what the script printed (stdout and stderr), for error messages. */
	printed: string;
	/** Why calls without a result have none. */
	failure?: ProcessFailure;
	/** The Landlock ABI that confined the script, or why it could not. */
	landlock?: number | string;
}

/** Resource limits of the script's process; 0 means none. */
export interface ResourceLimits {
	memoryBytes: number;
	fileBytes: number;
	cpuSeconds: number;
}

export interface LauncherExit {
	code?: number;
	signal?: number;
	cpuSeconds: number;
}

export function parseResults(stdout: string): {
	results: Map<number, PythonCallResult>;
	fatal?: PythonErrorInfo;
} {
	const results = new Map<number, PythonCallResult>();
	let fatal: PythonErrorInfo | undefined;
	for (const line of stdout.split('\n')) {
		if (!line.startsWith(RESULT_MARKER)) continue;
		let parsed: unknown;
		try {
			parsed = JSON.parse(line.slice(RESULT_MARKER.length));
		} catch {
			continue;
		}
		if (typeof parsed !== 'object' || parsed === null) continue;
		const record = parsed as Record<string, unknown>;
		if (record.fatal) fatal = record.fatal as PythonErrorInfo;
		else if (typeof record.index === 'number')
			results.set(record.index, record as PythonCallResult);
	}
	return { results, fatal };
}

/** What the launcher reported on fd 3: the Landlock state and how the script's process ended. */
export function parseStatus(text: string): { landlock?: number | string; exit?: LauncherExit } {
	const status: { landlock?: number | string; exit?: LauncherExit } = {};
	for (const line of text.split('\n')) {
		try {
			const parsed = JSON.parse(line) as { landlock?: number | string; exit?: LauncherExit };
			if (parsed.landlock !== undefined) status.landlock = parsed.landlock;
			if (parsed.exit) status.exit = parsed.exit;
		} catch {
			// Not a status line.
		}
	}
	return status;
}

/** The limit a signal-ended script hit: SIGXCPU (or the hard CPU limit's SIGKILL) and SIGXFSZ. */
export function limitFromExit(
	exit: LauncherExit | undefined,
	limits: ResourceLimits | undefined,
): ResourceLimit | undefined {
	if (exit?.signal === undefined) return undefined;
	const cpu = limits?.cpuSeconds ?? 0;
	if (exit.signal === constants.signals.SIGXCPU) return 'cpu';
	if (exit.signal === constants.signals.SIGKILL && cpu > 0 && exit.cpuSeconds >= cpu) return 'cpu';
	if (exit.signal === constants.signals.SIGXFSZ) return 'fileSize';
	return undefined;
}

export function signalName(signal: number | undefined): string | null {
	if (signal === undefined) return null;
	const entry = Object.entries(constants.signals).find(([, value]) => value === signal);
	return entry ? entry[0] : String(signal);
}
