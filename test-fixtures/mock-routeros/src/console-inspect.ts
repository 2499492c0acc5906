/**
 * `/console/inspect`, answered from the command tree. Supported requests (the ones a REPL needs
 * for completion), with `path` as a comma list of segments like real routers take it
 * (`=path=ip,hotspot,user`):
 * - `request=self`: one `!re =type=self =name=… =node-type=dir|cmd|arg` for the node itself.
 * - `request=child`: that `self` row, then one `!re =type=child =name=… =node-type=…` per child.
 * Other request kinds (completion, highlight, syntax, error) answer a trap.
 */
import type { CommandContext } from './context.js';
import type { CommandTree } from './command-tree.js';
import { TrapCategory } from './reply.js';

export function consoleInspect(context: CommandContext, tree: CommandTree): void {
  const { attributes } = context.request;
  const request = attributes.get('request') ?? 'child';
  const segments = (attributes.get('path') ?? '').split(/[,/ ]+/).filter((segment) => segment !== '');
  const node = tree.inspect(segments);
  if ('kind' in node) {
    return context.reply.fail(`no such command or directory (${node.segment})`, TrapCategory.missingItemOrCommand);
  }
  const self = () => context.reply.row({ type: 'self', name: segments.at(-1) ?? '', 'node-type': node.nodeType });
  switch (request) {
    case 'child':
      // Like a router, the answer starts with the node itself, then lists its children.
      self();
      for (const child of node.children) {
        context.reply.row({ type: 'child', name: child.name, 'node-type': child.nodeType });
      }
      return context.reply.done();
    case 'self':
      self();
      return context.reply.done();
    default:
      return context.reply.fail(`mock-routeros does not answer inspect request=${request}`, TrapCategory.argumentValue);
  }
}
