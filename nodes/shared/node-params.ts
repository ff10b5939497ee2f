// Reads a node's parameters for many items cheaply: a value without any expression is read once
// per run, `={{ $json.field }}` and `={{ $json.field.inner }}` are read from the item itself (also
// inside a collection, e.g. a Schedule whose From and To come from each item), other expressions go
// through n8n. A path the item cannot answer plainly (a step through null, a missing object or an
// inherited property) also goes through n8n, so the reader always gives what n8n gives.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

/** An expression that is exactly one field path of the item, e.g. `={{ $json.window.from }}`. */
const ITEM_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

type Path = Array<string | number>;

/** An item-field expression at a place inside a collection. */
interface FieldAt {
	path: Path;
	field: string[];
}

/** A field path the item cannot answer plainly: n8n evaluates the expression instead. */
const UNREADABLE = Symbol('unreadable');

/**
 * The value at `field` in the item: undefined when only its last name is absent, UNREADABLE when a
 * step is not an object, is absent before the last name, or is inherited.
 */
function readField(json: IDataObject, field: string[]): unknown {
	let value: unknown = json;
	for (let step = 0; step < field.length; step++) {
		const key = field[step];
		if (typeof value !== 'object' || value === null) return UNREADABLE;
		if (!Object.hasOwn(value, key))
			return key in value || step < field.length - 1 ? UNREADABLE : undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

type Plan =
	| { kind: 'constant'; value: unknown }
	| { kind: 'field'; field: string[] }
	/** An object or list whose expressions are all item fields: n8n's value once, the fields per item. */
	| { kind: 'template'; base: unknown; fields: FieldAt[] }
	| { kind: 'fallback' }
	| 'evaluate';

/**
 * Each caller gets its own copy of a shared object, as n8n's per-item read gives one. Parameters
 * are JSON-shaped (plain objects, lists, strings, numbers, booleans, null), which are copied
 * directly; anything else is cloned structurally.
 */
function own(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value)) return value.map(own);
	const prototype = Object.getPrototypeOf(value) as unknown;
	if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(value)) copy[key] = own((value as Record<string, unknown>)[key]);
	return copy;
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

/** The item field path an expression reads, e.g. ['window', 'from']; undefined for any other value. */
export function itemFieldOf(raw: unknown): string[] | undefined {
	const path = typeof raw === 'string' ? ITEM_FIELD.exec(raw)?.[1] : undefined;
	return path?.slice(1).split('.');
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
		if (plan === 'evaluate') return this.evaluate(name, itemIndex, fallback);
		const json = item.json as IDataObject;
		if (plan.kind === 'field') {
			const value = readField(json, plan.field);
			return value === UNREADABLE ? this.evaluate(name, itemIndex, fallback) : value;
		}
		if (plan.kind === 'fallback') return own(fallback);
		if (plan.kind === 'template') {
			const read = plan.fields.map(({ field }) => readField(json, field));
			if (read.includes(UNREADABLE)) return this.evaluate(name, itemIndex, fallback);
			const value = own(plan.base);
			plan.fields.forEach(({ path }, i) => setAt(value, path, own(read[i])));
			return value;
		}
		return own(plan.value);
	}

	/** n8n's own reading of the parameter for this item. */
	private evaluate(name: string, itemIndex: number, fallback: unknown): unknown {
		return this.ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
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
		const base = this.evaluate(name, itemIndex, fallback);
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
