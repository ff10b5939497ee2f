/** Unit and engine-level tests. e2e tests (real n8n + browser) run through `npm run test:e2e`. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: [
		'**/test/unit/**/*.test.ts',
		'**/test/engine/**/*.test.ts',
		'**/test/sandbox/**/*.test.ts',
	],
	setupFilesAfterEnv: ['<rootDir>/test/support/jest.env.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 30000,
};
