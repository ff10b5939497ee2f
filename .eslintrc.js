/** n8n's community-node lint rules: the community, nodes and credentials rule sets. */
module.exports = {
	root: true,
	env: { browser: false, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**'],
	overrides: [
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
			rules: { 'n8n-nodes-base/community-package-json-name-still-default': 'off' },
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// The rule wants an n8n-internal docs slug; a community package links a full URL.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// These two rules read only string literals, so they reject n8n-workflow's
				// `NodeConnectionTypes.Main`, the constant n8n's own nodes declare connections with.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			},
		},
		{
			// Workflows refer to this node as `fromAnotherFlowTrigger`, but n8n 2.41 starts a called
			// workflow only at its own Execute Workflow Trigger (cli utils findSubworkflowStart), so
			// this node is a regular node placed after it: it needs an input and no "Trigger" label.
			files: ['./nodes/FromAnotherFlow/FromAnotherFlowTrigger.node.ts'],
			rules: {
				'n8n-nodes-base/node-class-description-inputs-wrong-trigger-node': 'off',
				'n8n-nodes-base/node-class-description-display-name-unsuffixed-trigger-node': 'off',
			},
		},
	],
};
