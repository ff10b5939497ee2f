// Python Custom Action node: runs a user's Python main() on each participant in a bounded subprocess.
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { pythonProperties } from './description';
import { runPythonAction } from './python-action';

export class PythonCustomAction implements INodeType {
	description: INodeTypeDescription = {
		// Deliberately not an AI tool: as a tool, an agent (and whatever text steers it) could fill in
		// the script, and the script runs as n8n's user, outside any sandbox. (n8n's type allows only
		// `true` here, so the decision is written as `undefined`.)
		usableAsTool: undefined,
		displayName: 'Python Custom Action',
		name: 'pythonCustomAction',
		icon: { light: 'file:python.svg', dark: 'file:python.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["mode"] === "allItems" ? "once for all items" : "once per item" }}',
		description: 'Run a Python script on each participant with params and the communication data',
		defaults: { name: 'Python Custom Action' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: pythonProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runPythonAction(this);
	}
}
