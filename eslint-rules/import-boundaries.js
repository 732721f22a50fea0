'use strict';
/**
 * Enforces the folder → allowed-imports table of ../shared/design/architecture.md ("Layout and the direction of
 * imports"). Each file belongs to a layer by its folder; a relative import that lands in another layer must be in
 * that layer's allow list, and some layers may not import some packages (src/model never sees FHIR types, the
 * browser app never loads onnxruntime).
 */
const path = require('node:path');

/** layer → layers it may import (itself is always allowed). `*` = any layer. */
const ALLOWED = {
  shared: [],
  formats: ['shared'],
  signal: ['shared'],
  fhir: ['shared', 'formats', 'signal'],
  synth: ['shared', 'formats', 'signal', 'fhir'],
  model: ['shared', 'signal'],
  agent: ['shared', 'fhir', 'model'],
  'cds-hooks': ['shared', 'formats', 'signal', 'fhir', 'synth', 'model', 'agent'],
  'smart-app': ['shared', 'fhir'],
  sandbox: ['shared', 'formats', 'signal', 'fhir', 'synth', 'model', 'agent', 'cds-hooks', 'smart-app'],
  training: ['shared', 'formats', 'signal', 'fhir', 'synth', 'model'],
  main: ['shared', 'formats', 'signal', 'fhir', 'synth', 'model', 'agent', 'cds-hooks', 'smart-app', 'sandbox'],
  bench: ['*'],
  test: ['*'],
  scripts: ['*'],
};

/** layer → package name prefixes it may not import. */
const FORBIDDEN_PACKAGES = {
  model: ['@medplum/', 'fhirclient'],
  shared: ['@medplum/fhir-router', 'express', 'onnxruntime-node'],
  'smart-app': ['onnxruntime-node', 'onnxruntime-web', 'express'],
};

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'src') {
    // `src/fhir` (a folder import of a layer's index) is that layer; any other file directly in src/ is the
    // composition root (src/main.ts).
    if (rel.length === 2 && !(rel[1] in ALLOWED)) return 'main';
    return rel[1];
  }
  return rel[0];
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports must follow the layer table in architecture.md' },
    schema: [],
    messages: {
      layer: "'{{from}}' may not import from '{{to}}' (allowed: {{allowed}}). See architecture.md, Layout.",
      pkg: "'{{from}}' may not import the package '{{pkg}}'. See architecture.md, Layout.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = layerOf(file, root);
    // Tests may import anything (the table's `test/` row), wherever they sit.
    const isTest = /\.(int\.|e2e\.)?test\.ts$/.test(file);
    const allowed = isTest ? ['*'] : ALLOWED[from];
    if (!allowed) return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = path.resolve(path.dirname(file), source);
        const to = layerOf(target, root);
        if (to === from || allowed.includes('*') || allowed.includes(to)) return;
        if (!(to in ALLOWED)) return;
        context.report({ node, messageId: 'layer', data: { from, to, allowed: allowed.join(', ') || 'none' } });
        return;
      }
      for (const pkg of FORBIDDEN_PACKAGES[from] ?? []) {
        if (source === pkg || source.startsWith(pkg)) {
          context.report({ node, messageId: 'pkg', data: { from, pkg: source } });
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
