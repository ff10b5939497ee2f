// The target flow of To Another Flow: read it from the workflow picker, name it in messages, and
// turn n8n's sub-workflow errors into messages that say which flow and what to fix.
import { InputError } from '../shared/errors';

export interface TargetFlow {
	id: string;
	/** The name the picker cached, when the flow was picked from the list. */
	name?: string;
}

/** Accepts the picker's value ({ __rl, mode, value, cachedResultName }) or a plain ID. */
export function readTargetFlow(raw: unknown): TargetFlow {
	let id: unknown = raw;
	let name: string | undefined;
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
		const locator = raw as Record<string, unknown>;
		id = locator.value;
		if (typeof locator.cachedResultName === 'string' && locator.cachedResultName.trim())
			name = locator.cachedResultName.trim();
	}
	const text = typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
	if (!text) {
		throw new InputError(
			'No target flow is selected',
			'Pick the flow from the Target Flow list, or enter its ID (the last part of its URL).',
		);
	}
	return { id: text, name };
}

export function describeTarget(target: TargetFlow): string {
	return target.name ? `'${target.name}' (ID ${target.id})` : `with ID '${target.id}'`;
}

/** Sub-workflow errors may arrive as plain objects (a serialised execution error), not Errors. */
function messageOf(error: unknown): string {
	if (typeof error === 'string') return error;
	if (typeof error === 'object' && error !== null && 'message' in error) {
		const message = (error as { message?: unknown }).message;
		if (typeof message === 'string' && message) return message;
	}
	return 'Unknown error';
}

function descriptionOf(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('description' in error)) return undefined;
	const value = (error as { description?: unknown }).description;
	return typeof value === 'string' && value.trim() ? value : undefined;
}

const TRIGGER_FIX =
	"Open the target flow and start it with n8n's 'When Executed by Another Workflow' trigger (Execute Workflow Trigger, input data mode: Accept all data), then add From Another Flow after it.";

/** An error that names the target flow and says what to do; the original stays as `cause`. */
export function targetFlowError(target: TargetFlow, error: unknown): InputError {
	const flow = `Target flow ${describeTarget(target)}`;
	const message = messageOf(error);
	if (/^Workflow does not exist/i.test(message)) {
		return new InputError(
			`${flow} does not exist`,
			'Pick the flow again from the Target Flow list, or check the ID (the last part of the flow URL). It may have been deleted.',
		);
	}
	if (/Missing node to start execution/i.test(message)) {
		return new InputError(
			`${flow} cannot receive participants: it has no 'When Executed by Another Workflow' trigger`,
			TRIGGER_FIX,
		);
	}
	if (/is not active and cannot be executed/i.test(message)) {
		return new InputError(
			`${flow} is not published`,
			'Production executions hand participants to the published version of the target flow: publish it (manual test runs use the saved draft).',
		);
	}
	if (/cannot be called by/i.test(message)) {
		return new InputError(
			`${flow} refused the call: ${message}`,
			descriptionOf(error) ??
				"In the target flow's settings, allow this workflow under 'This workflow can be called by'.",
		);
	}
	const details = descriptionOf(error);
	const executionId =
		typeof error === 'object' && error !== null && 'executionId' in error
			? String((error as { executionId?: unknown }).executionId ?? '')
			: '';
	return new InputError(
		`${flow} failed: ${message}`,
		[details, executionId ? `See its execution ${executionId}.` : ''].filter(Boolean).join(' ') ||
			undefined,
	);
}
