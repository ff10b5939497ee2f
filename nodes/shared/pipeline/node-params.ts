// Reads a node's parameters for many items cheaply: a value without any expression is read once
// per run, `={{ $json.field }}` is read from the item itself, other expressions go through n8n.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** An expression that is exactly one top-level field of the item, e.g. `={{ $json.email }}`. */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

type Plan = { kind: 'constant'; value: unknown } | { kind: 'field'; field: string } | 'evaluate';

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

	constructor(private readonly ctx: IExecuteFunctions) {}

	/** The parameter for item `itemIndex`, as `ctx.getNodeParameter(name, itemIndex, fallback)` gives it. */
	get(name: string, itemIndex: number, item: INodeExecutionData, fallback?: unknown): unknown {
		const plan = this.planOf(name, fallback);
		if (plan === 'evaluate') return this.ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (plan.kind === 'field') return (item.json as IDataObject)[plan.field];
		// Each caller gets its own copy of a shared object, as n8n's per-item read gives one.
		return typeof plan.value === 'object' && plan.value !== null
			? structuredClone(plan.value)
			: plan.value;
	}

	private planOf(name: string, fallback: unknown): Plan {
		let plan = this.plans.get(name);
		if (plan) return plan;
		const raw: unknown = this.ctx.getNode().parameters[name];
		const field = itemFieldOf(raw);
		if (field) plan = { kind: 'field', field };
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
