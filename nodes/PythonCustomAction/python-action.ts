// Python Custom Action's execute(): build one call per item, run them per item or all at once,
// and turn results into output items (dict merged, list expanded) or per-item errors.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { parseJsonText } from '../shared/json-fields';
import { runPerItem } from '../shared/pipeline/per-item';
import { runPython } from './python-process';
import { failureError, notFoundError, scriptErrorMessage, withPrinted } from './python-errors';
import type { PythonCall, PythonCallResult, PythonRun, ResourceLimits } from './python-protocol';

interface ProcessSettings {
	script: string;
	mode: 'perItem' | 'allItems';
	interpreter: string;
	timeoutMs: number;
	maxOutputBytes: number;
	extraEnv: Record<string, string>;
	communicationField: string;
	limits: ResourceLimits;
}

type Outcome =
	{ kind: 'result'; result: PythonCallResult; printed: string } | { kind: 'error'; error: unknown };

const DEFAULT_MEMORY_MB = 2048;
const DEFAULT_FILE_SIZE_MB = 100;
const DEFAULT_CPU_SECONDS = 60;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MB = 1024 * 1024;

function readEnvironment(raw: unknown): Record<string, string> {
	const rows =
		(raw as { variable?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.variable ?? [];
	const env: Record<string, string> = {};
	for (const row of rows) {
		const name = typeof row.name === 'string' ? row.name.trim() : '';
		if (!name) continue;
		if (!ENV_NAME.test(name)) {
			throw new InputError(
				`Environment variable name '${name}' is not valid`,
				'Use letters, digits and underscores, not starting with a digit.',
			);
		}
		env[name] = row.value === undefined || row.value === null ? '' : String(row.value);
	}
	return env;
}

function readSettings(ctx: IExecuteFunctions): ProcessSettings {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const timeoutSeconds = typeof options.timeoutSeconds === 'number' ? options.timeoutSeconds : 30;
	const maxOutputMb = typeof options.maxOutputMb === 'number' ? options.maxOutputMb : 10;
	const interpreter =
		typeof options.interpreter === 'string' && options.interpreter.trim()
			? options.interpreter.trim()
			: 'python3';
	const number = (name: string, fallback: number) =>
		typeof options[name] === 'number' ? Math.max(0, options[name]) : fallback;
	const field = typeof options.communicationField === 'string' && options.communicationField.trim();
	return {
		script: String(ctx.getNodeParameter('script', 0, '')),
		mode: ctx.getNodeParameter('mode', 0, 'perItem') === 'allItems' ? 'allItems' : 'perItem',
		interpreter,
		timeoutMs: Math.max(100, Math.round(timeoutSeconds * 1000)),
		maxOutputBytes: Math.max(1024, Math.round(maxOutputMb * MB)),
		extraEnv: readEnvironment(options.environment),
		communicationField: field || 'communication',
		limits: {
			memoryBytes: Math.round(number('maxMemoryMb', DEFAULT_MEMORY_MB) * MB),
			fileBytes: Math.round(number('maxFileSizeMb', DEFAULT_FILE_SIZE_MB) * MB),
			cpuSeconds: Math.ceil(number('cpuSeconds', DEFAULT_CPU_SECONDS)),
		},
	};
}

/** Params: a JSON object, given as text or produced by an expression. */
export function parseParams(raw: unknown): IDataObject {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		const json = parseJsonText(raw);
		if (!json.ok)
			throw new InputError(
				`Params is not valid JSON (${json.problem})`,
				'Write a JSON object with double-quoted keys, e.g. {"threshold": 50, "segment": "smb"}.',
			);
		value = json.value;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		const kind = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
		throw new InputError(
			`Params must be a JSON object, but it is ${kind}`,
			'Wrap the values in an object, e.g. {"threshold": 50}.',
		);
	}
	return value as IDataObject;
}

function outcomesFrom(
	run: PythonRun,
	calls: PythonCall[],
	node: INode,
	limits: ResourceLimits,
): Map<number, Outcome> {
	const outcomes = new Map<number, Outcome>();
	for (const call of calls) {
		const result = run.results.get(call.index);
		outcomes.set(
			call.index,
			result
				? { kind: 'result', result, printed: run.printed }
				: {
						kind: 'error',
						error: failureError(node, run.failure, run.printed, call.index, limits),
					},
		);
	}
	return outcomes;
}

function outputFor(
	node: INode,
	limits: ResourceLimits,
	item: INodeExecutionData,
	itemIndex: number,
	outcome: Outcome,
): INodeExecutionData[] {
	if (outcome.kind === 'error') throw outcome.error;
	const { result, printed } = outcome;
	if ('error' in result) {
		const { message, description } = scriptErrorMessage(result.error, limits);
		throw new NodeOperationError(node, message, {
			itemIndex,
			description: withPrinted(description, printed),
		});
	}
	if (Array.isArray(result.ok)) {
		return result.ok.map((json) => ({
			json: json as IDataObject,
			pairedItem: { item: itemIndex },
		}));
	}
	return [
		{
			...item,
			json: { ...item.json, ...(result.ok as IDataObject) },
			pairedItem: { item: itemIndex },
		},
	];
}

export async function runPythonAction(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	const settings = readSettings(ctx);
	const outcomes = new Map<number, Outcome>();
	const calls: PythonCall[] = [];
	for (const [i, item] of items.entries()) {
		try {
			const communication = item.json[settings.communicationField];
			calls.push({
				index: i,
				item: item.json,
				params: parseParams(ctx.getNodeParameter('params', i, '{}')),
				communication: communication ?? null,
			});
		} catch (error) {
			outcomes.set(i, { kind: 'error', error });
		}
	}
	const run = async (batch: PythonCall[]) => {
		const signal = ctx.getExecutionCancelSignal();
		const result = await runPython({ ...settings, calls: batch, signal });
		if (result.failure?.kind === 'notFound')
			throw notFoundError(node, result.failure.interpreter, result.failure.reason);
		for (const [index, outcome] of outcomesFrom(result, batch, node, settings.limits))
			outcomes.set(index, outcome);
	};
	if (settings.mode === 'allItems') {
		if (calls.length > 0) await run(calls);
	} else {
		for (const call of calls) {
			await run([call]);
			// Without continueOnFail the first failed item ends the node: later items need not run.
			if (!ctx.continueOnFail() && outcomeFails(outcomes.get(call.index))) break;
		}
	}

	return await runPerItem(
		ctx,
		async (i, item) => {
			const outcome = outcomes.get(i);
			if (!outcome)
				throw new NodeOperationError(node, 'Internal error: an item was not run', { itemIndex: i });
			return outputFor(node, settings.limits, item, i, outcome);
		},
		{ fanOut: true },
	);
}

function outcomeFails(outcome: Outcome | undefined): boolean {
	return !outcome || outcome.kind === 'error' || 'error' in outcome.result;
}
