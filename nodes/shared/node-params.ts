// Reads a node's parameters for many items cheaply: a value without any expression is read once
// per run, `={{ $json.field }}` is read from the item itself (also inside a collection, e.g. a
// Schedule whose From and To come from each item), other expressions go through n8n.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

/** An expression that is exactly one top-level field of the item, e.g. `={{ $json.email }}`. */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

type Path = Array<string | number>;

/** An item-field expression at a place inside a collection. */
interface FieldAt {
	path: Path;
	field: string;
}

type Plan =
	| { kind: 'constant'; value: unknown }
	| { kind: 'field'; field: string }
	/** An object or list whose expressions are all item fields: n8n's value once, the fields per item. */
	| { kind: 'template'; base: unknown; fields: FieldAt[] }
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

/**
 * The item-field expressions inside an object or list, with their paths; null when it holds any
 * other expression (or is not an object or list).
 */
function itemFieldsInside(value: unknown, path: Path = []): FieldAt[] | null {
	if (typeof value !== 'object' || value === null) return null;
	const found: FieldAt[] = [];
	const entries: Array<[string | number, unknown]> = Array.isArray(value)
		? value.map((v, i) => [i, v])
		: Object.entries(value);
	for (const [key, child] of entries) {
		if (typeof child === 'string') {
			if (!child.startsWith('=')) continue;
			const field = itemFieldOf(child);
			if (!field) return null;
			found.push({ path: [...path, key], field });
		} else if (typeof child === 'object' && child !== null) {
			const inner = itemFieldsInside(child, [...path, key]);
			if (inner === null) return null;
			found.push(...inner);
		}
	}
	return found;
}

/** `base` with the value at `path` replaced, when its parent is there. */
function setAt(base: unknown, path: Path, value: unknown): void {
	let parent = base as Record<string | number, unknown>;
	for (const key of path.slice(0, -1)) {
		const next = parent?.[key];
		if (typeof next !== 'object' || next === null) return;
		parent = next as Record<string | number, unknown>;
	}
	parent[path[path.length - 1]] = value;
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
		const plan = this.planOf(name, itemIndex, fallback);
		if (plan === 'evaluate') return this.ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (plan.kind === 'field') return (item.json as IDataObject)[plan.field];
		if (plan.kind === 'fallback') return own(fallback);
		if (plan.kind === 'template') {
			const value = structuredClone(plan.base);
			const json = item.json as IDataObject;
			for (const { path, field } of plan.fields) setAt(value, path, own(json[field]));
			return value;
		}
		return own(plan.value);
	}

	private planOf(name: string, itemIndex: number, fallback: unknown): Plan {
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
		else plan = this.templateOf(name, raw, itemIndex, fallback);
		this.plans.set(name, plan);
		return plan;
	}

	/** n8n's value for one item, its item fields read from each item from then on; else 'evaluate'. */
	private templateOf(name: string, raw: unknown, itemIndex: number, fallback: unknown): Plan {
		const fields = itemFieldsInside(raw);
		if (fields === null || fields.length === 0) return 'evaluate';
		const base = this.ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
		if (typeof base !== 'object' || base === null) return 'evaluate';
		return { kind: 'template', base, fields };
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
