/** Fault-injection suite (`npm run test:faults`): every sending node through n8n's engine against the sandbox's fault knobs. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/test/faults/**/*.test.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/support/jest.env.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// Each scenario enforces its own, tighter deadline (withinBound); this only catches a broken harness.
	testTimeout: 120000,
};
