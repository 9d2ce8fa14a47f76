/**
 * The codings scripts/precompress-console.mjs writes next to a console file
 * (main-X.js.br, main-X.js.gz), in the order the manager prefers them:
 * brotli is the smaller one.
 */
export const PRECOMPRESSED_CODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

export type PrecompressedCoding = (typeof PRECOMPRESSED_CODINGS)[number];

/**
 * The precompressed codings an Accept-Encoding header allows, best first by
 * the manager's preference rather than the client's order (all of them are
 * equally cheap to send). `q=0` refuses a coding; `*` stands for every
 * coding the header does not name.
 */
export function acceptedCodings(acceptEncoding: string | undefined): PrecompressedCoding[] {
  const weights = new Map<string, number>();
  for (const entry of (acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (!name) continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    weights.set(name, Number.isNaN(weight) ? 0 : weight);
  }
  const others = weights.get('*') ?? 0;
  return PRECOMPRESSED_CODINGS.filter(({ coding }) => (weights.get(coding) ?? others) > 0);
}
