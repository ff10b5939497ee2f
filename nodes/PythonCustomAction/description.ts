// Python Custom Action's parameters: the script, its params, how it runs and its limits.
import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_SCRIPT = `# Called once per item. Return a dict (merged into the item)
# or a list of dicts (each becomes an output item).
def main(item, params, communication):
    score = 0
    if item.get("email", "").endswith(params.get("business_domain", ".com")):
        score += 10
    return {"score": score}
`;

/** What the step isolates and what it does not; the README's Python section says the same. */
export const ISOLATION_NOTICE =
	"The script runs as n8n's user in a separate process. Isolated: its environment (none of n8n's settings or secrets), a throw-away working folder, every process it starts (all stopped when the step ends) and its memory, file size and CPU time. On Linux with Landlock (kernel 5.13 or later) it also cannot read or write n8n's folder (~/.n8n) or read n8n's process information; without Landlock it can. Not isolated: the network and the rest of the file system.";

export const pythonProperties: INodeProperties[] = [
	{
		displayName: ISOLATION_NOTICE,
		name: 'isolationNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Script',
		name: 'script',
		type: 'string',
		typeOptions: { editor: 'codeNodeEditor', editorLanguage: 'python' },
		default: DEFAULT_SCRIPT,
		required: true,
		noDataExpression: true,
		description:
			"Python 3 code that defines main(item, params, communication). item is the participant (the input item JSON), params the Params object, communication the item's communication result or None.",
	},
	{
		displayName: 'Params',
		name: 'params',
		type: 'json',
		default: '{}',
		description:
			'A JSON object passed to main() as params, so the script can be configured without editing the code',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Run Once for Each Item',
				value: 'perItem',
				description:
					'A fresh Python process per item: items are isolated and each has the full timeout',
			},
			{
				name: 'Run Once for All Items',
				value: 'allItems',
				description:
					'One Python process calls main() for every item (much faster for many items; module-level state is shared, the timeout covers all items)',
			},
		],
		default: 'perItem',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Communication Field Name',
				name: 'communicationField',
				type: 'string',
				default: 'communication',
				description:
					'Item field passed to main() as communication (the result field of a sending node)',
			},
			{
				displayName: 'CPU Time (Seconds)',
				name: 'cpuSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'CPU time the script and its threads may use; it is stopped when it uses more. 0 means no limit.',
			},
			{
				displayName: 'Environment Variables',
				name: 'environment',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Variable',
				default: {},
				description:
					"Variables to set for the script. Nothing from n8n's own environment is passed except PATH, LANG, LC_* and TZ.",
				options: [
					{
						displayName: 'Variable',
						name: 'variable',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. SCORING_MODEL',
							},
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Interpreter Path',
				name: 'interpreter',
				type: 'string',
				default: 'python3',
				description:
					"The Python 3 executable: a name found on PATH or a full path, e.g. a virtual environment's /opt/venv/bin/python",
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 100,
				description:
					'Largest file the script may write; writing beyond it fails with a clear error. 0 means no limit.',
			},
			{
				displayName: 'Max Memory (MB)',
				name: 'maxMemoryMb',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 2048,
				description:
					'Memory (address space) the script may reserve; beyond it allocations fail with a clear error. 0 means no limit.',
			},
			{
				displayName: 'Max Output Size (MB)',
				name: 'maxOutputMb',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 10,
				description: 'The script is stopped when its results and prints together exceed this size',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 30,
				description:
					'The script and every process it started are stopped (SIGTERM, then SIGKILL after 2 seconds) when it runs longer than this',
			},
		],
	},
];
