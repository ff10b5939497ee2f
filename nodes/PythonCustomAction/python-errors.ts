// Python Custom Action's item errors: why a call has no result (timeout, cancel, a limit, a crash)
// and what to change, with the end of what the script printed.
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type {
	ProcessFailure,
	PythonErrorInfo,
	ResourceLimit,
	ResourceLimits,
} from './python-protocol';

const MB = 1024 * 1024;

export function withPrinted(text: string, printed: string): string {
	const output = printed.trim();
	return output ? `${text}\n\nOutput printed by the script (last part):\n${output}` : text;
}

/** The message and advice for a script that hit one of its resource limits. */
export function limitMessage(
	limit: ResourceLimit,
	limits: ResourceLimits,
): { message: string; description: string } {
	switch (limit) {
		case 'memory':
			return {
				message: `The Python script ran out of memory: it reached the Max Memory limit (${limits.memoryBytes / MB} MB)`,
				description:
					'Use less memory (process the data in smaller parts), or raise the option Max Memory (MB).',
			};
		case 'fileSize':
			return {
				message: `The Python script tried to write a file larger than the Max File Size limit (${limits.fileBytes / MB} MB)`,
				description: 'Write smaller files, or raise the option Max File Size (MB).',
			};
		case 'cpu':
			return {
				message: `The Python script used more than its CPU Time limit (${limits.cpuSeconds} s) and was stopped`,
				description: 'Make the script do less work, or raise the option CPU Time (Seconds).',
			};
	}
}

/** An exception the script raised, named as a limit when it is one (MemoryError, EFBIG). */
export function scriptErrorMessage(
	error: PythonErrorInfo,
	limits: ResourceLimits,
): { message: string; description: string } {
	const fallback = 'Fix the script so main() returns a dict or a list of dicts.';
	if (error.limit) {
		const { message, description } = limitMessage(error.limit, limits);
		return { message, description: `${description}\n\n${error.traceback}`.trim() };
	}
	return {
		message: `Python script raised ${error.type}: ${error.message}`,
		description: error.traceback.trim() || fallback,
	};
}

export function failureError(
	node: INode,
	failure: ProcessFailure | undefined,
	printed: string,
	itemIndex: number,
	limits: ResourceLimits,
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
		case 'canceled':
			return error(
				'The Python script was stopped because the execution was canceled',
				'The script and every process it started were stopped.',
			);
		case 'limit': {
			const { message, description } = limitMessage(failure.limit, limits);
			return error(message, description);
		}
		case 'outputLimit':
			return error(
				`The Python script wrote more than ${(failure.maxOutputBytes / MB).toFixed(2)} MB of output and was stopped`,
				'Print less and return smaller results, or raise the option Max Output Size (MB).',
			);
		case 'fatal': {
			if (failure.error.limit) {
				const { message, description } = scriptErrorMessage(failure.error, limits);
				return error(message, description);
			}
			return error(
				`The Python script could not run: ${failure.error.type}: ${failure.error.message}`,
				failure.error.traceback,
			);
		}
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

export function notFoundError(
	node: INode,
	interpreter: string,
	reason: string,
): NodeOperationError {
	const what = reason === 'EACCES' ? 'cannot be executed (permission denied)' : 'was not found';
	return new NodeOperationError(node, `Python interpreter '${interpreter}' ${what}`, {
		itemIndex: 0,
		description:
			'Install Python 3 on the n8n host (in Docker: a custom image with python3), or set the option Interpreter Path to the full path of a Python 3 executable.',
	});
}
