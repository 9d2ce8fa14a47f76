// Bundles each app with its dependencies into one file: loading one pre-linked
// file instead of hundreds of ES modules is what keeps an idle node small on a
// 1 GB board. Native addons and packages that read their own files stay external
// (with every file inside them: swagger-ui-dist/absolute-path.js must find its
// own folder, not the bundle's); the release tree (scripts/release) ships them.
const keepExternal = new Set([
  'better-sqlite3',
  'i2c-bus',
  'node-pty',
  'swagger-ui-dist',
]);
const packageOf = (request) => request.split('/').slice(0, request.startsWith('@') ? 2 : 1).join('/');
// optional integrations NestJS probes for at run time and we never install
const optionalIntegration = /^(@nestjs\/(microservices|websockets)|@fastify\/)/;

const appFolder = (defaults) => defaults.output.filename.replace(/[^/]+$/, '');

module.exports = (defaults, rspack) => ({
  ...defaults,
  // Each app owns dist/apps/<app>/: clean that, never the other apps' bundles.
  output: { ...defaults.output, clean: { keep: (file) => !file.startsWith(appFolder(defaults)) } },
  // V8 keeps each script's source in memory for lazy compilation: minified,
  // ASCII-only source (one byte per character) is several megabytes smaller.
  // Names stay: NestJS and Swagger use class and function names.
  optimization: {
    ...defaults.optimization,
    minimize: true,
    minimizer: [
      new rspack.SwcJsMinimizerRspackPlugin({
        minimizerOptions: {
          compress: { keep_classnames: true, keep_fnames: true, passes: 1 },
          mangle: { keep_classnames: true, keep_fnames: true },
          format: { asciiOnly: true, comments: false },
        },
      }),
    ],
  },
  // NestJS loads packages with createRequire(import.meta.url)(...). Left
  // alone, rspack writes the build machine's file path for import.meta.url,
  // and the bundle then loads express and the rest from the build folder: it
  // runs nowhere else. Parsed, those calls are bundled like any require().
  module: {
    ...defaults.module,
    parser: { ...defaults.module?.parser, javascript: { ...defaults.module?.parser?.javascript, createRequire: true } },
  },
  resolve: {
    ...defaults.resolve,
    extensionAlias: { '.js': ['.ts', '.js'] },
    // Parts of libraries we never call (phone-number validation, YAML documents,
    // multipart uploads): left out so no node carries them in memory.
    alias: { 'libphonenumber-js/max': false, 'js-yaml': false, multer: false },
  },
  externals: [
    ({ request }, callback) =>
      keepExternal.has(packageOf(request ?? '')) || optionalIntegration.test(request) ? callback(null, `commonjs ${request}`) : callback(),
  ],
  externalsPresets: { node: true },
  ignoreWarnings: [/Critical dependency/, /Module not found/],
  plugins: defaults.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
