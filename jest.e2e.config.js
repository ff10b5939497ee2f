/** End-to-end tests (`npm run test:e2e`): a real n8n with this package installed, the sandbox and a headless Chromium. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/test/e2e/**/*.test.ts'],
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// Starting n8n happens once in globalSetup; single tests still wait on real executions and a browser.
	testTimeout: 180000,
	slowTestThreshold: 30,
};
