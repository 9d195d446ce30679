// The house (STYLE.md, docs/architecture.md): the folders of src-main/ in order, each importing only
// folders listed before it, and src-shared/. Kept here once; the layer rule and the docs read it.
export const mainLayers = [
  'conversion',
  'providers',
  'upstream',
  'store',
  'usage',
  'routing',
  'config',
  'control',
  'gateway',
  'service',
  'app',
];
