/**
 * Trims a RouterOS `/console/inspect` dump (the shape written by a `request=child` crawl:
 * `{name: {_type: 'dir'|'path'|'cmd'|'arg', desc?, ...children}}`) into the mock's command tree:
 * a menu is an object of its children, a command is the sorted array of its argument names.
 * Descriptions are dropped: the mock only needs names to route commands and check arguments.
 *
 * Usage: npx tsx scripts/trim-inspect.ts <inspect.json> [out.json]
 * (default output: data/command-tree.json next to this script's package).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandTreeMenu } from '../src/command-tree.js';

interface InspectNode {
  _type?: string;
  [child: string]: unknown;
}

function isInspectNode(value: unknown): value is InspectNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function trimMenu(node: InspectNode, where: string): CommandTreeMenu {
  const menu: CommandTreeMenu = {};
  for (const name of Object.keys(node).sort()) {
    if (name.startsWith('_')) continue;
    const child = node[name];
    if (!isInspectNode(child)) throw new Error(`${where}/${name}: expected an object node`);
    switch (child._type) {
      case 'dir':
      case 'path':
        menu[name] = trimMenu(child, `${where}/${name}`);
        break;
      case 'cmd':
        menu[name] = Object.keys(child)
          .filter((arg) => !arg.startsWith('_'))
          .sort();
        break;
      default:
        throw new Error(`${where}/${name}: unexpected node type ${String(child._type)}`);
    }
  }
  return menu;
}

const [input, output = fileURLToPath(new URL('../data/command-tree.json', import.meta.url))] = process.argv.slice(2);
if (!input) {
  console.error('usage: npx tsx scripts/trim-inspect.ts <inspect.json> [out.json]');
  process.exit(2);
}
const root: unknown = JSON.parse(readFileSync(input, 'utf8'));
if (!isInspectNode(root)) throw new Error(`${input}: the top level must be an object`);
const tree = trimMenu(root, '');
writeFileSync(output, `${JSON.stringify(tree)}\n`);
console.log(`wrote ${output}`);
