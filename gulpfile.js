// Copies node and credential icons and node codex files next to the compiled files, where n8n looks for them.
const { task, src, dest } = require('gulp');

function copy(patterns, destination) {
	return new Promise((resolve, reject) => {
		src(patterns, { encoding: false, allowEmpty: true })
			.pipe(dest(destination))
			.on('finish', resolve)
			.on('error', reject);
	});
}

task('build:icons', async () => {
	await Promise.all([
		copy(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], 'dist/nodes'),
		copy(['credentials/**/*.svg', 'credentials/**/*.png'], 'dist/credentials'),
	]);
});
