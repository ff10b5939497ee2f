// Reads a node's parameters for many items cheaply: a value without any expression is read once
// per run, `={{ $json.field }}` is read from the item itself, other expressions go through n8n.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

/** An expression that is exactly one top-level field of the item, e.g. `={{ $json.email }}`. */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

type Plan =
	| { kind: 'constant'; value: unknown }
	| { kind: 'field'; field: string }
	| { kind: 'fallback' }
	| 'evaluate';

/** Each caller gets its own copy of a shared object, as n8n's per-item read gives one. */
function own(value: unknown): unknown {
	return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null)
		return Object.values(value).some(holdsExpression);
	return false;
}

/** The item's own field as n8n's expression gives it (an absent field is undefined). */
export function itemFieldOf(raw: unknown): string | undefined {
	return typeof raw === 'string' ? ITEM_FIELD.exec(raw)?.[1] : undefined;
}

export class NodeParameters {
	private readonly plans = new Map<string, Plan>();

	private parameters: INodeParameters | undefined;

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** The parameter as stored on the node (an expression as its text); the node is copied once per run. */
	raw(name: string): unknown {
		this.parameters ??= this.ctx.getNode().parameters;
		return this.parameters[name];
	}

	/** The parameter for item `itemIndex`, as `ctx.getNodeParameter(name, itemIndex, fallback)` gives it. */
	get(name: string, itemIndex: number, item: INodeExecutionData, fallback?: unknown): unknown {
		const plan = this.planOf(name, fallback);
		if (plan === 'evaluate') return this.ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (plan.kind === 'field') return (item.json as IDataObject)[plan.field];
		if (plan.kind === 'fallback') return own(fallback);
		return own(plan.value);
	}

	private planOf(name: string, fallback: unknown): Plan {
		let plan = this.plans.get(name);
		if (plan) return plan;
		const raw = this.raw(name);
		const field = itemFieldOf(raw);
		// A parameter the node does not hold (an older node version's, or one n8n left out) is the
		// caller's fallback for every item, as n8n gives it; without a fallback n8n reports it missing.
		if (field) plan = { kind: 'field', field };
		else if (raw === undefined && fallback !== undefined && !holdsExpression(fallback))
			plan = { kind: 'fallback' };
		else if (raw !== undefined && !holdsExpression(raw))
			plan = { kind: 'constant', value: this.ctx.getNodeParameter(name, 0, fallback) as unknown };
		else plan = 'evaluate';
		this.plans.set(name, plan);
		return plan;
	}
}

const readers = new WeakMap<IExecuteFunctions, NodeParameters>();

/** The reader of this node run (one per execute() context). */
export function nodeParameters(ctx: IExecuteFunctions): NodeParameters {
	let reader = readers.get(ctx);
	if (!reader) {
		reader = new NodeParameters(ctx);
		readers.set(ctx, reader);
	}
	return reader;
}
