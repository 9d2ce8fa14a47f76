// Bundles each app with its dependencies into one file: loading one pre-linked
// file instead of hundreds of ES modules is what keeps an idle node small on a
// 1 GB board. Native addons and packages that read their own files stay external.
const keepExternal = new Set([
  'better-sqlite3',
  'i2c-bus',
  'swagger-ui-dist',
]);
// optional integrations NestJS probes for at run time and we never install
const optionalIntegration = /^(@nestjs\/(microservices|websockets)|@fastify\/)/;

module.exports = (defaults) => ({
  ...defaults,
  output: { ...defaults.output, clean: true },
  resolve: { ...defaults.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
  externals: [
    ({ request }, callback) =>
      keepExternal.has(request) || optionalIntegration.test(request) ? callback(null, `commonjs ${request}`) : callback(),
  ],
  externalsPresets: { node: true },
  ignoreWarnings: [/Critical dependency/, /Module not found/],
  plugins: defaults.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
