// Python Custom Action's execute(): build one call per item, run them per item or all at once,
// and turn results into output items (dict merged, list expanded) or per-item errors.
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../shared/errors';
import { runPerItem } from '../shared/per-item';
import {
	runPython,
	type ProcessFailure,
	type PythonCall,
	type PythonCallResult,
	type PythonRun,
} from './python-process';

interface ProcessSettings {
	script: string;
	mode: 'perItem' | 'allItems';
	interpreter: string;
	timeoutMs: number;
	maxOutputBytes: number;
	extraEnv: Record<string, string>;
	communicationField: string;
}

type Outcome =
	{ kind: 'result'; result: PythonCallResult; printed: string } | { kind: 'error'; error: unknown };

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
	const field = typeof options.communicationField === 'string' && options.communicationField.trim();
	return {
		script: String(ctx.getNodeParameter('script', 0, '')),
		mode: ctx.getNodeParameter('mode', 0, 'perItem') === 'allItems' ? 'allItems' : 'perItem',
		interpreter,
		timeoutMs: Math.max(100, Math.round(timeoutSeconds * 1000)),
		maxOutputBytes: Math.max(1024, Math.round(maxOutputMb * MB)),
		extraEnv: readEnvironment(options.environment),
		communicationField: field || 'communication',
	};
}

/** Params: a JSON object, given as text or produced by an expression. */
export function parseParams(raw: unknown): IDataObject {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return {};
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw new InputError(
				`Params is not valid JSON (${(error as Error).message})`,
				'Write a JSON object with double-quoted keys, e.g. {"threshold": 50, "segment": "smb"}.',
			);
		}
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

function withPrinted(text: string, printed: string): string {
	const output = printed.trim();
	return output ? `${text}\n\nOutput printed by the script (last part):\n${output}` : text;
}

function failureError(
	node: INode,
	failure: ProcessFailure | undefined,
	printed: string,
	itemIndex: number,
): NodeOperationError {
	const error = (message: string, description: string) =>
		new NodeOperationError(node, message, {
			itemIndex,
			description: withPrinted(description, printed),
		});
	switch (failure?.kind) {
		case 'timeout':
			return error(
				`The Python script did not finish within ${failure.timeoutMs / 1000} s and was stopped`,
				'Make the script faster, or raise the option Timeout (Seconds).',
			);
		case 'outputLimit':
			return error(
				`The Python script wrote more than ${(failure.maxOutputBytes / MB).toFixed(2)} MB of output and was stopped`,
				'Print less and return smaller results, or raise the option Max Output Size (MB).',
			);
		case 'fatal':
			return error(
				`The Python script could not run: ${failure.error.type}: ${failure.error.message}`,
				failure.error.traceback,
			);
		case 'exited':
			return error(
				`The Python process ended (${failure.signal ? `signal ${failure.signal}` : `exit code ${String(failure.code)}`}) without a result for this item`,
				'The script or the interpreter stopped early (os._exit, a crash, or out of memory).',
			);
		default:
			return error(
				'The Python process returned no result for this item',
				'Check the script and the interpreter.',
			);
	}
}

function notFoundError(node: INode, interpreter: string, reason: string): NodeOperationError {
	const what = reason === 'EACCES' ? 'cannot be executed (permission denied)' : 'was not found';
	return new NodeOperationError(node, `Python interpreter '${interpreter}' ${what}`, {
		itemIndex: 0,
		description:
			'Install Python 3 on the n8n host (in Docker: a custom image with python3), or set the option Interpreter Path to the full path of a Python 3 executable.',
	});
}

function outcomesFrom(run: PythonRun, calls: PythonCall[], node: INode): Map<number, Outcome> {
	const outcomes = new Map<number, Outcome>();
	for (const call of calls) {
		const result = run.results.get(call.index);
		outcomes.set(
			call.index,
			result
				? { kind: 'result', result, printed: run.printed }
				: { kind: 'error', error: failureError(node, run.failure, run.printed, call.index) },
		);
	}
	return outcomes;
}

function outputFor(
	node: INode,
	item: INodeExecutionData,
	itemIndex: number,
	outcome: Outcome,
): INodeExecutionData[] {
	if (outcome.kind === 'error') throw outcome.error;
	const { result, printed } = outcome;
	if ('error' in result) {
		const { type, message, traceback } = result.error;
		throw new NodeOperationError(node, `Python script raised ${type}: ${message}`, {
			itemIndex,
			description: withPrinted(
				traceback.trim() || 'Fix the script so main() returns a dict or a list of dicts.',
				printed,
			),
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
		const result = await runPython({ ...settings, calls: batch });
		if (result.failure?.kind === 'notFound')
			throw notFoundError(node, result.failure.interpreter, result.failure.reason);
		for (const [index, outcome] of outcomesFrom(result, batch, node)) outcomes.set(index, outcome);
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
			return outputFor(node, item, i, outcome);
		},
		{ fanOut: true },
	);
}

function outcomeFails(outcome: Outcome | undefined): boolean {
	return !outcome || outcome.kind === 'error' || 'error' in outcome.result;
}
