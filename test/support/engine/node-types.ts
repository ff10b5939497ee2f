// The node registry the engine harness hands to n8n's Workflow: our node classes by type name.
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

export const PACKAGE_PREFIX = 'n8n-nodes-communication-actions';

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	/** Registers node instances under `<prefix>.<description.name>`. */
	register(prefix: string, ...nodes: Array<INodeType | IVersionedNodeType>): this {
		for (const node of nodes) {
			this.types.set(`${prefix}.${node.description.name}`, node);
		}
		return this;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`Unknown node type '${nodeType}' in the test harness`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.types.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}
